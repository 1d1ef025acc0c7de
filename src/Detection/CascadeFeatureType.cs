namespace Facebench.Detection;

/// <summary>The feature family of a cascade (OpenCV's <c>featureType</c>).</summary>
public enum CascadeFeatureType
{
    /// <summary>Haar-like rectangle features (upright and 45° tilted), variance-normalised.</summary>
    Haar,

    /// <summary>Multi-block local binary patterns: 8-bit codes from a 3×3 grid of equal blocks.</summary>
    Lbp,
}
