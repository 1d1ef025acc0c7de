using Facebench.Contracts;

namespace Facebench.Fitting.Generative;

/// <summary>The result of the texture stage.</summary>
public sealed record GenerativeTextureFit
{
    /// <summary>The latent code.</summary>
    public required float[] Latent { get; init; }

    /// <summary>The generator's texture for it (per-vertex RGB in [0, 1]).</summary>
    public required float[] Texture { get; init; }

    /// <summary>The 27 SH lighting coefficients.</summary>
    public required double[] Lighting { get; init; }

    /// <summary>cos(identity embedding of the photo, of the render composited over it).</summary>
    public double IdentityCosine { get; init; }

    /// <summary>Mean absolute error over the face mask, grey levels (0–255, averaged over RGB).</summary>
    public double PhotometricMae { get; init; }

    /// <summary>The render composited over the photo crop (interleaved RGB in [0, 1]).</summary>
    public required double[] Composite { get; init; }

    /// <summary>L-BFGS iterations of the photometric stage, of the all-terms stage on the frozen geometry, and of the all-terms stage over the geometry too.</summary>
    public (int Photometric, int AllTerms, int Joint) Iterations { get; init; }

    /// <summary>Mean absolute error over the face mask after the photometric-only stage (NaN when the all-terms stage did not run).</summary>
    public double PhotometricStageMae { get; init; } = double.NaN;

    /// <summary>The all-terms objective at the end (photometric, identity, content, landmarks and priors).</summary>
    public double Total { get; init; } = double.NaN;

    /// <summary>The all-terms objective at the start of its stage (NaN without a geometry chain).</summary>
    public double StartTotal { get; init; } = double.NaN;

    /// <summary>The all-terms objective at the end of its stage on the frozen geometry (before the joint stage; NaN without a geometry chain).</summary>
    public double FrozenTotal { get; init; } = double.NaN;

    /// <summary>The final geometry g = [ω, t, α, β] (ω an increment on the chain's reference rotation); empty without a chain.</summary>
    public double[] Geometry { get; init; } = [];

    /// <summary>The final geometry's 68 landmarks in crop pixels (NaN where not used); empty without a chain.</summary>
    public Point2[] FittedLandmarks { get; init; } = [];

    /// <summary>RMS distance of <see cref="FittedLandmarks"/> to the observations, crop pixels (NaN without a chain).</summary>
    public double LandmarkRmsePx { get; init; } = double.NaN;

    /// <summary>Wall time of the stage.</summary>
    public double FitTimeMs { get; init; }
}
