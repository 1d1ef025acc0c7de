using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>
/// A synthetic population drawn from any morphable-model component, with exact ground truth: the standard input for
/// testing fitters and auditing them for group bias. Samples are <c>synthetic-000000</c>, <c>synthetic-000001</c>, …,
/// generated lazily; a sample depends only on the pipeline seed and its id.
/// </summary>
[Plugin("dataset.synthetic", PluginKind.Source, "1.0.0", "Synthetic faces from a morphable model: prior identity (optionally per group), expression, pose, pinhole camera, silhouette-aware jaw line, landmark noise")]
public sealed class SyntheticDatasetPlugin : Plugin<SyntheticDatasetOptions>, ISource
{
    private FaceSynthesizer? _synthesizer;

    /// <inheritdoc />
    public long? CountHint => Options.Count;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        Validate(Options);
        IMorphableModel model = Context.GetComponent<IMorphableModel>(Options.Model);
        foreach (SyntheticGroup group in Options.Groups)
        {
            foreach (int k in group.Components)
            {
                if (k < 0 || k >= model.IdentityCount)
                {
                    throw new PluginInputException($"group '{group.Name}': identity component {k} does not exist; model '{Options.Model}' has components 0..{model.IdentityCount - 1}");
                }
            }
        }

        _synthesizer = new FaceSynthesizer(model, Options);
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        // Checked eagerly (not on the first MoveNext) so that misuse fails where it happens.
        FaceSynthesizer synthesizer = _synthesizer ?? throw new InvalidOperationException("dataset.synthetic was used before Initialize.");
        return ReadLazily(synthesizer, cancellationToken);
    }

    private IEnumerable<Sample> ReadLazily(FaceSynthesizer synthesizer, CancellationToken cancellationToken)
    {
        var imageSize = new ImageSize(Options.ImageWidth, Options.ImageHeight);
        for (int i = 0; i < Options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = $"synthetic-{i:D6}";
            SyntheticFace face = synthesizer.Generate(Context.Random("dataset.synthetic", id));
            var sample = new Sample(id) { Index = i }
                .With(CoreFacets.Landmarks, face.ObservedLandmarks)
                .With(CoreFacets.TrueLandmarks, face.TrueLandmarks)
                .With(CoreFacets.ImageSize, imageSize)
                .With(MorphableFacets.Camera, synthesizer.Camera)
                .With(MorphableFacets.TrueParameters, face.Parameters)
                .With(MorphableFacets.TrueLandmarks3D, face.Landmarks3D)
                .With(MorphableFacets.ModelId, Options.Model);
            yield return face.Group is null ? sample : sample.WithLabel("group", face.Group);
        }
    }

    private static void Validate(SyntheticDatasetOptions o)
    {
        static void Range(double[] range, string name, double min, double max)
        {
            if (range.Length != 2 || !(range[0] <= range[1]) || range[0] < min || range[1] > max)
            {
                throw new PluginInputException($"option '{name}' is [{string.Join(", ", range)}]; expected [min, max] within [{min}, {max}]");
            }
        }

        if (o.Count < 0)
        {
            throw new PluginInputException($"option 'count' is {o.Count}; expected a non-negative number of faces");
        }

        Range(o.Yaw, "yaw", -90, 90);
        Range(o.Pitch, "pitch", -90, 90);
        Range(o.Roll, "roll", -180, 180);
        Range(o.FaceFraction, "face_fraction", 0.01, 1);
        if (o.FaceFraction[0] <= 0)
        {
            throw new PluginInputException("option 'face_fraction' must be positive");
        }

        if (o.ImageWidth < 2 || o.ImageHeight < 2)
        {
            throw new PluginInputException($"image size {o.ImageWidth}×{o.ImageHeight}; expected at least 2×2 pixels");
        }

        if (!(o.FieldOfView > 1 && o.FieldOfView < 170))
        {
            throw new PluginInputException($"option 'field_of_view' is {o.FieldOfView}; expected degrees in (1, 170)");
        }

        if (!(o.NoiseSigma >= 0) || !(o.ExpressionScale >= 0) || !(o.CenterJitter >= 0) || !(o.OutlierDisplacement >= 0))
        {
            throw new PluginInputException("options 'noise_sigma', 'expression_scale', 'center_jitter' and 'outlier_displacement' must be non-negative");
        }

        if (!(o.OutlierFraction is >= 0 and <= 1))
        {
            throw new PluginInputException($"option 'outlier_fraction' is {o.OutlierFraction}; expected a fraction in [0, 1]");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SyntheticGroup g in o.Groups)
        {
            if (string.IsNullOrWhiteSpace(g.Name) || !names.Add(g.Name))
            {
                throw new PluginInputException($"groups need unique, non-empty names ('{g.Name}')");
            }

            if (!(g.Proportion > 0) || !(g.VarianceScale > 0))
            {
                throw new PluginInputException($"group '{g.Name}': 'proportion' and 'variance_scale' must be positive");
            }

            if (g.Offset.Length != g.Components.Length)
            {
                throw new PluginInputException($"group '{g.Name}': {g.Offset.Length} offsets for {g.Components.Length} components; give one offset per component");
            }
        }
    }
}
