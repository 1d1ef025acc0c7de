namespace Facebench.Fitting.Generative;

/// <summary>
/// The weights of the texture stage's terms, after GANFIT (Gecer et al., CVPR 2019, sec. 4: photometric 2, identity
/// 0.2, content 0.04 on their scales, latent prior small; landmarks and shape priors in the all-terms stage).
/// </summary>
public sealed record GenerativeTextureWeights
{
    /// <summary>Weight of the mean over the face mask of the RGB distance ‖render − photo‖ (values in [0, 1]).</summary>
    public double Photometric { get; init; } = 2;

    /// <summary>Weight of 1 − cos(identity embeddings of photo and render over photo); 0 turns the term off.</summary>
    public double Identity { get; init; } = 0.2;

    /// <summary>Weight of the content term (mean squared difference of the recogniser's chosen activations).</summary>
    public double Content { get; init; }

    /// <summary>Weight of ‖z‖² (the latent code's N(0, I) prior).</summary>
    public double PriorLatent { get; init; } = 1e-4;

    /// <summary>Weight of ‖ℓ − ℓ₀‖² (lighting stays near the photometric fit's).</summary>
    public double PriorLighting { get; init; } = 1e-4;

    /// <summary>
    /// Weight of the mean squared landmark distance (crop px², over the landmarks in use) when the geometry is fitted with
    /// the texture. The default keeps the photometric fit's balance of landmarks against pixels: its landmark weight 10
    /// against its photometric weight 1 on grey levels is 10 × 2 / 255 ≈ 0.08 against this stage's photometric 2 on [0, 1].
    /// </summary>
    public double Landmark { get; init; } = 0.08;

    /// <summary>Weight of ‖α‖² (identity coefficients in σ units) when the geometry is fitted.</summary>
    public double PriorIdentity { get; init; } = 1e-4;

    /// <summary>Weight of ‖β‖² (expression coefficients in σ units) when the geometry is fitted.</summary>
    public double PriorExpression { get; init; } = 1e-4;
}
