using Facebench.Audit.Classifiers;
using Facebench.Audit.Features;
using Facebench.Audit.Populations;
using Facebench.Audit.Reporting;
using Facebench.Classification;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Classify.LinearProbe;

/// <summary>
/// An attribute classifier of faces for the audits: a softmax regression (ML.NET's L-BFGS maximum entropy) on face
/// features (3D landmark geometry or 3DMM coefficients; image embeddings later), trained at start-up on a labelled
/// population drawn from a generator model, with held-out per-group metrics and per-class calibration
/// (<see cref="FaceAttributeClassifier"/>). Data that cannot train a classifier (one class, no varying feature,
/// divergence) stops the pipeline with the reason.
/// </summary>
[Plugin("classify.linear-probe", PluginKind.Component, "1.0.0", "Softmax-regression attribute classifier on face geometry or coefficients (ML.NET L-BFGS maximum entropy), trained on a labelled population")]
public sealed class LinearProbePlugin : Plugin<LinearProbeOptions>, IComponent<FaceAttributeClassifier>
{
    private FaceAttributeClassifier? _classifier;

    /// <inheritdoc />
    public FaceAttributeClassifier Instance => _classifier ?? throw new InvalidOperationException("classify.linear-probe was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        LinearProbeOptions o = Options;
        IMorphableModel generator = Context.GetComponent<IMorphableModel>(o.Generator);
        Population.Validate(o.Groups, generator.IdentityCount, "classify.linear-probe");
        if (o.Count < 2 * o.Groups.Count || !(o.HeldOut is >= 0 and < 1) || o.CalibrationBins < 1 || o.Iterations < 1 || !(o.L2 >= 0))
        {
            throw new PluginInputException($"classify.linear-probe: need count ≥ 2 per group ({2 * o.Groups.Count}), held_out in [0, 1), calibration_bins ≥ 1, iterations ≥ 1 and l2 ≥ 0.");
        }

        FaceFeatures features = o.Features == FeatureKind.Geometry ? FaceFeatures.Geometry(generator) : FaceFeatures.Coefficients(generator, o.Coefficients);
        List<PopulationMember> population = Population.Draw(o.Groups, generator.IdentityCount, o.Count, Context.DeriveSeed("classify.linear-probe"));
        try
        {
            _classifier = FaceAttributeClassifier.Train(
                generator, features, population, o.Attribute,
                new SoftmaxRegressionOptions { L2 = o.L2, MaxIterations = o.Iterations, Seed = Context.DeriveSeed("classify.linear-probe.train") },
                o.HeldOut, o.CalibrationBins, $"{o.Count} neutral faces drawn from {generator.Name}");
        }
        catch (UntrainableDataException e)
        {
            throw new PluginInputException($"classify.linear-probe cannot train a classifier of '{o.Attribute}': {e.Message}", null, e);
        }

        if (_classifier.HeldOut is { } h)
        {
            Context.Info($"classify.linear-probe: {o.Attribute} from {features.Dimension} {o.Features.ToString().ToLowerInvariant()} features; trained on {_classifier.TrainingMakeup}; held-out accuracy {AuditText.Percent(h.Metrics.Accuracy)}, worst group {h.Metrics.WorstGroup} {AuditText.Percent(h.Metrics.WorstGroupAccuracy)}");
        }
    }
}
