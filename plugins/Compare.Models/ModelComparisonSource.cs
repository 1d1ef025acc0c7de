using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// The same synthetic landmark population drawn from every configured model (see <see cref="ComparisonFaces"/>):
/// <c>count</c> faces per model, labelled <c>model</c> with the component's name, with exact ground truth.
/// Samples are <c>&lt;model&gt;-000000</c>, …; face i of a model depends only on the pipeline seed, the model's name and i.
/// </summary>
[Plugin("dataset.model-comparison", PluginKind.Source, "1.0.0", "Synthetic landmark faces from each configured model, labelled by model, for side-by-side comparison")]
public sealed class ModelComparisonSource : Plugin<ModelComparisonOptions>, ISource
{
    private readonly List<(string Name, ComparisonFaces Faces)> _models = [];

    /// <inheritdoc />
    public long? CountHint => (long)Options.Count * _models.Count;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        ModelComparisonOptions o = Options;
        if (o.Count < 0 || o.ImageWidth < 2 || o.ImageHeight < 2 || !(o.FieldOfView is > 1 and < 170) || !(o.FaceFraction is > 0 and <= 1)
            || !(o.NoiseSigma >= 0) || !(o.ExpressionScale >= 0) || !(o.JawMax >= 0) || !Range(o.Yaw, 90) || !Range(o.Pitch, 90) || !Range(o.Roll, 180))
        {
            throw new PluginInputException("dataset.model-comparison: count ≥ 0, image size ≥ 2, field_of_view in (1, 170), face_fraction in (0, 1], non-negative noise_sigma, expression_scale and jaw_max, and [min, max] ranges for yaw/pitch (±90) and roll (±180) are expected");
        }

        (IReadOnlyList<(string Name, IMorphableModel Model)> available, IReadOnlyList<(string Name, string Reason)> skipped) = ComparedModels.Resolve(Context, o.Models, "dataset.model-comparison");
        foreach ((string name, string reason) in skipped)
        {
            Context.Warn($"dataset.model-comparison: model '{name}' is skipped: {reason}");
        }

        foreach ((string name, IMorphableModel model) in available)
        {
            _models.Add((name, new ComparisonFaces(model, o)));
        }
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        if (_models.Count == 0 && Options.Models.Length > 0)
        {
            return [];
        }

        return ReadLazily(cancellationToken);
    }

    private IEnumerable<Sample> ReadLazily(CancellationToken cancellationToken)
    {
        var imageSize = new ImageSize(Options.ImageWidth, Options.ImageHeight);
        long index = 0;
        foreach ((string name, ComparisonFaces faces) in _models)
        {
            for (int i = 0; i < Options.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string id = $"{name}-{i:D6}";
                (Point2[] observed, Point2[] truth, float[] landmarks3D, FaceParameters parameters, double[]? joints) = faces.Generate(Context.Random("dataset.model-comparison", id));
                Sample sample = new Sample(id) { Index = index++ }
                    .With(CoreFacets.Landmarks, observed)
                    .With(CoreFacets.TrueLandmarks, truth)
                    .With(CoreFacets.ImageSize, imageSize)
                    .With(MorphableFacets.Camera, faces.Camera)
                    .With(MorphableFacets.TrueParameters, parameters)
                    .With(MorphableFacets.TrueLandmarks3D, landmarks3D)
                    .With(MorphableFacets.ModelId, name)
                    .WithLabel("model", name);
                yield return joints is null ? sample : sample.With(ArticulatedFacets.TrueJointRotations, joints);
            }
        }
    }

    private static bool Range(double[] range, double limit) => range.Length == 2 && range[0] <= range[1] && range[0] >= -limit && range[1] <= limit;
}
