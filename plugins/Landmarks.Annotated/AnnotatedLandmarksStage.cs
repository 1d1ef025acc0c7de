using Facebench.Contracts;

namespace Facebench.Plugins.Landmarks.Annotated;

/// <summary>Options of <c>landmarks.annotated</c>.</summary>
public sealed class AnnotatedLandmarksOptions
{
    /// <summary>Noise added to the annotation.</summary>
    [Option("Gaussian noise (px) added to each coordinate, to simulate a detector of known accuracy; 0 uses the annotation as it is.")]
    public double NoiseSigma { get; set; }
}

/// <summary>
/// Uses a sample's ground-truth landmarks (<c>true_landmarks</c>, e.g. from a <c>.pts</c> file) as the observed
/// landmarks a fitter consumes: fitting then measures the model and the fitter alone, without detector error.
/// </summary>
[Plugin("landmarks.annotated", PluginKind.Stage, "1.0.0", "Annotated landmarks as the observed ones (optionally with Gaussian noise)")]
public sealed class AnnotatedLandmarksStage : Plugin<AnnotatedLandmarksOptions>, IStage
{
    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (!(Options.NoiseSigma >= 0))
        {
            throw new PluginInputException($"noise_sigma must be >= 0, not {Options.NoiseSigma}.");
        }
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        if (!sample.TryGet(CoreFacets.TrueLandmarks, out var truth))
        {
            throw new InvalidOperationException($"sample '{sample.Id}' has no annotated landmarks (true_landmarks); check its .pts file.");
        }

        if (Options.NoiseSigma == 0)
        {
            return sample.With(CoreFacets.Landmarks, truth);
        }

        // A stream per sample id: the same noise in any process, whatever the worker count, shard or resume.
        StableRandom random = Context.Random("landmarks.annotated", sample.Id);
        var noisy = truth.Select(p => p.IsValid ? new Point2(random.NextGaussian(p.X, Options.NoiseSigma), random.NextGaussian(p.Y, Options.NoiseSigma)) : p).ToArray();
        return sample.With(CoreFacets.Landmarks, noisy);
    }
}
