namespace Facebench.Fitting.Photometric;

/// <summary>The terms of the photometric objective (<see cref="PhotometricObjective"/>) and their weights.</summary>
public sealed record PhotometricWeights
{
    /// <summary>w_I: weight of the mean per-pixel penalty over the face mask (RGB distance in grey levels).</summary>
    public double Photometric { get; init; } = 1;

    /// <summary>w_L: weight of the mean squared landmark distance, per px² at the fitting resolution.</summary>
    public double Landmark { get; init; } = 10;

    /// <summary>The per-pixel penalty.</summary>
    public PhotometricLossKind Loss { get; init; } = PhotometricLossKind.L1;

    /// <summary>δ of the Huber penalty, an RGB distance in grey levels.</summary>
    public double HuberDelta { get; init; } = 20;

    /// <summary>λ_id: weight of ‖α‖².</summary>
    public double PriorIdentity { get; init; } = 5e-4;

    /// <summary>λ_exp: weight of ‖β‖².</summary>
    public double PriorExpression { get; init; } = 5e-4;

    /// <summary>λ_tex: weight of ‖γ‖².</summary>
    public double PriorTexture { get; init; } = 5e-4;

    /// <summary>λ_ℓ: weight of ‖ℓ − ℓ₀‖², ℓ₀ the starting light (white ambient).</summary>
    public double PriorLighting { get; init; } = 5e-5;
}
