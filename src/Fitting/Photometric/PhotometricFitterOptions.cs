namespace Facebench.Fitting.Photometric;

/// <summary>Settings of a <see cref="PhotometricFitter"/>; the <c>fit.photometric</c> stage maps its options onto these.</summary>
public sealed record PhotometricFitterOptions
{
    /// <summary>Side of the square crop the fit works in, pixels (the photo is cropped around the face and resampled).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Crop side as a multiple of the landmarks' bounding-box size.</summary>
    public double CropScale { get; init; } = 1.6;

    /// <summary>Identity components fitted (negative: all).</summary>
    public int IdentityCount { get; init; } = -1;

    /// <summary>Expression components fitted (negative: all).</summary>
    public int ExpressionCount { get; init; } = -1;

    /// <summary>Texture components fitted (negative: all).</summary>
    public int TextureCount { get; init; } = -1;

    /// <summary>Working size of UV texture maps (texels on a side).</summary>
    public int TextureSize { get; init; } = 256;

    /// <summary>Most L-BFGS iterations of the appearance stage (albedo and lighting on the landmark fit's geometry).</summary>
    public int AppearanceIterations { get; init; } = 40;

    /// <summary>Most L-BFGS iterations of the joint stage (everything).</summary>
    public int Iterations { get; init; } = 120;

    /// <summary>Iterations per round of the joint stage: each round rebuilds the Gauss–Newton preconditioner and restarts L-BFGS.</summary>
    public int RoundIterations { get; init; } = 40;

    /// <summary>Terms and weights of the objective.</summary>
    public PhotometricWeights Weights { get; init; } = new();

    /// <summary>Fit the jaw-line landmarks as sliding contour points (when the model has contour candidates).</summary>
    public bool Contours { get; init; } = true;

    /// <summary>
    /// Threads each render uses (<see cref="Rendering.DifferentiableRenderer.Threads"/>); 1 when samples are already fitted
    /// one per core, as the pipeline runner does.
    /// </summary>
    public int RenderThreads { get; init; } = 1;

    /// <summary>Correction pairs L-BFGS keeps.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>L-BFGS convergence threshold on the Newton decrement, relative to max(1, E).</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (ImageSize < 16)
        {
            throw new ArgumentException($"The image size must be at least 16 pixels, not {ImageSize}.");
        }

        if (!(CropScale >= 1) || !double.IsFinite(CropScale))
        {
            throw new ArgumentException($"The crop scale must be at least 1, not {CropScale}.");
        }

        if (AppearanceIterations < 0 || Iterations < 0 || RoundIterations < 1 || Memory < 1)
        {
            throw new ArgumentException("Iteration limits must be zero or more, iterations per round and memory at least 1.");
        }

        if (RenderThreads is < 1 or > 64)
        {
            throw new ArgumentException($"Render threads must be 1..64, not {RenderThreads}.");
        }

        if (TextureSize < 2)
        {
            throw new ArgumentException($"The texture size must be at least 2, not {TextureSize}.");
        }

        PhotometricWeights w = Weights;
        double[] values = [w.Photometric, w.Landmark, w.PriorIdentity, w.PriorExpression, w.PriorTexture, w.PriorLighting];
        if (values.Any(v => !(v >= 0) || !double.IsFinite(v)) || !(w.Photometric > 0))
        {
            throw new ArgumentException("Weights must be finite and non-negative, the photometric weight positive.");
        }

        if (w.Loss == PhotometricLossKind.Huber && !(w.HuberDelta > 0))
        {
            throw new ArgumentException($"The Huber threshold must be positive, not {w.HuberDelta}.");
        }

        if (!(Tolerance > 0))
        {
            throw new ArgumentException("The tolerance must be positive.");
        }
    }
}
