namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>How expression coefficients are drawn.</summary>
public enum ExpressionDistribution
{
    /// <summary>|N(0, scale²)|: blendshape weights, which are activations and only make sense non-negative (SFM, the reference head).</summary>
    HalfNormal,

    /// <summary>N(0, scale²): expression PCA coefficients (FLAME, BFM 2017), symmetric about the neutral face.</summary>
    Normal,
}
