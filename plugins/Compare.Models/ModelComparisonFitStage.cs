using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Fitting.Articulated;

namespace Facebench.Plugins.Compare.Models;

/// <summary>Options of <c>fit.model-comparison</c>.</summary>
public sealed class ModelComparisonFitOptions
{
    [Option("The compared model components (as in dataset.model-comparison); each sample is fitted with the model named by its 'model' label.")]
    public string[] Models { get; set; } = [];

    [Option("Identity components to fit per model (the first N, clamped); -1 = all.")]
    public int Shape { get; set; } = -1;

    [Option("Expression components to fit per model; -1 = all.")]
    public int Expression { get; set; } = -1;

    [Option("Joint rotations fitted on articulated models (FLAME), e.g. [jaw] or [neck, jaw].")]
    public string[] Joints { get; set; } = ["jaw"];

    [Option("Prior weight on identity coefficients (px²), as fit.landmarks' prior_identity.")]
    public double PriorIdentity { get; set; } = 1;

    [Option("Prior weight on expression coefficients (px²).")]
    public double PriorExpression { get; set; } = 1;

    [Option("Prior weight on joint rotations (px² per rad²).")]
    public double PriorRotation { get; set; } = 100;
}

/// <summary>
/// Fits each sample with the model it was drawn from (its <c>model</c> label): the landmark fitter of
/// <c>fit.landmarks</c> — linear for linear models, with jaw (and neck) rotation for articulated ones — one fitter
/// per model per worker. Stores <see cref="FittingFacets.LandmarkFit"/> (and the joint rotations for FLAME).
/// </summary>
[Plugin("fit.model-comparison", PluginKind.Stage, "1.0.0", "Fits each sample with the model it came from (linear or articulated landmark fitter)")]
public sealed class ModelComparisonFitStage : Plugin<ModelComparisonFitOptions>, IStage
{
    private readonly Dictionary<string, LandmarkFitter> _linear = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArticulatedLandmarkFitter> _articulated = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        ModelComparisonFitOptions o = Options;
        if (!(o.PriorIdentity >= 0) || !(o.PriorExpression >= 0) || !(o.PriorRotation >= 0) || o.Shape < -1 || o.Expression < -1)
        {
            throw new PluginInputException("fit.model-comparison: priors must be ≥ 0 and shape/expression -1 or a number of components");
        }

        (IReadOnlyList<(string Name, IMorphableModel Model)> available, _) = ComparedModels.Resolve(Context, o.Models, "fit.model-comparison");
        if (Context.IsValidationOnly)
        {
            return;
        }

        var options = new LandmarkFitterOptions { IdentityCount = o.Shape, ExpressionCount = o.Expression, PriorIdentity = o.PriorIdentity, PriorExpression = o.PriorExpression };
        foreach ((string name, IMorphableModel model) in available)
        {
            if (model is IArticulatedModel articulated && o.Joints.Length > 0)
            {
                try
                {
                    _articulated[name] = new ArticulatedLandmarkFitter(articulated, options, new ArticulationOptions { Joints = o.Joints, PriorRotation = o.PriorRotation });
                }
                catch (ArgumentException e)
                {
                    throw new PluginInputException($"fit.model-comparison: model '{name}': {e.Message}");
                }
            }
            else
            {
                _linear[name] = new LandmarkFitter(model, options);
            }
        }
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        string name = sample.Labels.TryGetValue("model", out string? label) ? label : throw new InvalidOperationException($"sample '{sample.Id}' has no 'model' label: use dataset.model-comparison as the source");
        Point2[] landmarks = sample.Get(CoreFacets.Landmarks);
        CameraIntrinsics camera = sample.Get(MorphableFacets.Camera);
        if (_articulated.TryGetValue(name, out ArticulatedLandmarkFitter? articulated))
        {
            articulated.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
            return sample.With(FittingFacets.LandmarkFit, articulated.ToResult(camera)).With(ArticulatedFacets.FittedJointRotations, articulated.FullJointRotations());
        }

        LandmarkFitter fitter = _linear.TryGetValue(name, out LandmarkFitter? f) ? f : throw new InvalidOperationException($"sample '{sample.Id}' is of model '{name}', which fit.model-comparison does not fit (models: {string.Join(", ", Options.Models)})");
        fitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        return sample.With(FittingFacets.LandmarkFit, fitter.ToResult(camera));
    }
}
