namespace Facebench.Audit.Features;

/// <summary>What an attribute classifier looks at.</summary>
public enum FeatureKind
{
    /// <summary>
    /// Mesh geometry: the 3D positions of the iBUG landmark points in millimetres, centred on their centroid. Any model
    /// with the same landmarks mapped gives comparable features, so one classifier can judge faces of several models.
    /// </summary>
    Geometry,

    /// <summary>The first identity coefficients (σ units) of one particular model: cheap, but only meaningful for that model.</summary>
    Coefficients,
}
