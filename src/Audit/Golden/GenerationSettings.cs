namespace Facebench.Audit.Golden;

/// <summary>How <see cref="MmdGenerator"/> computes the descent direction.</summary>
public enum GradientMode
{
    /// <summary>Analytic when the generator is differentiable, zeroth-order otherwise.</summary>
    Auto,

    /// <summary>The exact gradient through the generator's Jacobian.</summary>
    Analytic,

    /// <summary>A zeroth-order estimate from function values only (SPSA).</summary>
    ZerothOrder,
}

/// <summary>Settings of one generation run.</summary>
public sealed record GenerationSettings
{
    /// <summary>Optimisation steps.</summary>
    public int Iterations { get; init; } = 60;

    /// <summary>Adam step size, in latent units (σ for model coefficients).</summary>
    public double StepSize { get; init; } = 0.1;

    /// <summary>Weight of the Gaussian prior ½‖z‖²/n that keeps latents plausible.</summary>
    public double PriorWeight { get; init; } = 1e-4;

    /// <summary>Gradient source.</summary>
    public GradientMode Mode { get; init; } = GradientMode.Auto;

    /// <summary>Random perturbations averaged per zeroth-order estimate.</summary>
    public int Directions { get; init; } = 8;

    /// <summary>Zeroth-order perturbation size, latent units.</summary>
    public double Smoothing { get; init; } = 0.05;

    /// <summary>Iterations at which to keep a copy of the generated features (for the density strip).</summary>
    public IReadOnlyList<int> Snapshots { get; init; } = [];
}
