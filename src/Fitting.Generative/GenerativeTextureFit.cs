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

    /// <summary>L-BFGS iterations of the photometric stage and of the all-terms stage.</summary>
    public (int Photometric, int AllTerms) Iterations { get; init; }

    /// <summary>Wall time of the stage.</summary>
    public double FitTimeMs { get; init; }
}
