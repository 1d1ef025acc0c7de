using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Audit.Models;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Distributions;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The model-prior audit on images for several priors side by side (issue 13, item 3): the run's samples fall into
/// populations by a label (<c>dataset.rendered</c>'s <c>priors</c>: renders of each model's prior, shape, albedo,
/// light and pose drawn at random), an image classifier reads each face (a stored head such as SSR-Net's gender, or a
/// probe on face-recognition embeddings trained on labelled renders earlier in the run), and for each population the
/// distribution read is set beside the target (TV, KL: <see cref="PredictedDistribution"/>) and beside the model's
/// disclosed training make-up (<see cref="IDisclosesTrainingMakeup"/>, e.g. a <c>model.pca</c> built from 90 % A):
/// does a prior built from a skewed population generate faces that a classifier reads as skewed the same way?
/// <c>report.prior-images</c> renders the stored output.
/// </summary>
[Plugin("analysis.prior-images", PluginKind.Analysis, "1.0.0", "Prior audit on images, several priors side by side: the attribute distribution a classifier reads in each model's renders, beside the target and the model's disclosed make-up")]
public sealed class PriorImagesAnalysis : Plugin<PriorImagesOptions>, IAnalysis
{
    private const string Area = "Prior on images";

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        PriorImagesOptions o = Options;
        if ((o.Head.Length == 0) == (o.Probe.Length == 0))
        {
            throw new PluginInputException("analysis.prior-images: give exactly one of 'head' (a stored prediction) and 'probe' (a probe file saved earlier in the run).");
        }

        if (o.Probe.Length > 0 && Path.IsPathRooted(o.Probe))
        {
            throw new PluginInputException($"analysis.prior-images: 'probe' is {o.Probe}; give it relative to the run folder, as analysis.attribute-probe's 'save'.");
        }

        if (string.IsNullOrWhiteSpace(o.PopulationLabel) || o.Target.Values.Any(v => !(v >= 0)) || (o.Target.Count > 0 && o.Target.Values.Sum() <= 0))
        {
            throw new PluginInputException("analysis.prior-images: a population_label is required, and target shares must be non-negative and not all zero.");
        }
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        PriorImagesOptions o = Options;
        (Func<Sample, AttributePrediction?> read, string attribute, string classifier) = Reader(context);
        var populations = new List<(string Name, string Model, List<AttributePrediction> Predictions)>();
        int skipped = 0;
        foreach (Sample s in context.Succeeded)
        {
            if (!s.Labels.TryGetValue(o.PopulationLabel, out string? name))
            {
                continue;
            }

            if (read(s) is not { } prediction)
            {
                skipped++;
                continue;
            }

            int i = populations.FindIndex(p => p.Name == name);
            if (i < 0)
            {
                string model = s.TryGet(MorphableFacets.ModelId, out string? id) ? id : "";
                populations.Add((name, model, []));
                i = populations.Count - 1;
            }

            populations[i].Predictions.Add(prediction);
        }

        if (populations.Count == 0)
        {
            throw new PluginInputException($"analysis.prior-images: no sample has the label '{o.PopulationLabel}' and a reading by {classifier} ({skipped} labelled samples could not be read); render the priors with dataset.rendered's 'priors'.");
        }

        var results = new List<PriorImagesPopulation>();
        foreach ((string name, string model, List<AttributePrediction> predictions) in populations)
        {
            PriorAuditResult result = PredictedDistribution.Of(name, predictions, o.Target);
            TrainingMakeup? makeup = model.Length > 0 && Context.GetComponent<IMorphableModel>(model) is IDisclosesTrainingMakeup d ? d.TrainingMakeup : null;
            double? makeupTv = makeup is not null && makeup.Attribute == attribute && makeup.Total > 0
                ? CategoricalDistance.TotalVariation(result.Predicted, makeup.Counts.ToDictionary(kv => kv.Key, kv => (double)kv.Value, StringComparer.Ordinal))
                : null;
            results.Add(new PriorImagesPopulation(name, model, makeup, result, makeupTv));
        }

        var findings = results.Select(p => new Finding(Area,
            $"Renders of the prior of '{p.Model}' ({p.Name}; make-up {(p.Makeup is { } m ? MakeupShares(m) : "undisclosed")}) are read by {classifier} as {Shares(p.Result.Predicted)} against a target of {Shares(p.Result.Target)}: total variation {F(p.Result.TotalVariation)}"
            + (p.MakeupTotalVariation is { } tv ? $", {F(tv)} from the make-up" : "") + $" (n = {p.Result.Samples}).",
            p.Result.TotalVariation >= 0.1)).ToList();
        return new PriorImagesOutput(attribute, classifier, results, skipped, findings);
    }

    /// <summary>A make-up as shares, e.g. "A 90% / B 10%".</summary>
    internal static string MakeupShares(TrainingMakeup makeup) =>
        string.Join(" / ", makeup.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {Percent(kv.Value / (double)Math.Max(1, makeup.Total), 0)}"));

    /// <summary>How a sample is read: the stored head, or the probe applied to its feature facet.</summary>
    private (Func<Sample, AttributePrediction?> Read, string Attribute, string Classifier) Reader(ReportContext context)
    {
        PriorImagesOptions o = Options;
        if (o.Head.Length > 0)
        {
            return (s => s.TryGet(FaceAttributeFacets.Attributes, out var a) && a.TryGetValue(o.Head, out var p) ? p : null, o.Head, $"the '{o.Head}' prediction");
        }

        AttributeProbe probe = AttributeProbe.Load(Path.Combine(context.RunDirectory, o.Probe));
        var feature = new FacetKey<float[]>(probe.Feature);
        return (s => s.TryGet(feature, out float[] x) && x.Length == probe.Model.Dimension ? probe.Predict([.. x.Select(v => (double)v)]) : null,
            probe.Attribute, $"the probe of {probe.Attribute} on '{probe.Feature}' ({o.Probe}, trained on {probe.TrainingMakeup.Total} labelled samples)");
    }
}
