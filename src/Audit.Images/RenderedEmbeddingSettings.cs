namespace Facebench.Audit.Images;

/// <summary>
/// What <see cref="RenderedEmbeddingGenerator"/> moves and how it renders: the leading identity and albedo components
/// that make up the latent, and the one fixed capture (image size, pose, camera, light) every face is rendered in.
/// The defaults are a near-frontal portrait under soft frontal light, the reference head's procedural albedo staying
/// below white.
/// </summary>
public sealed record RenderedEmbeddingSettings
{
    /// <summary>Leading identity (shape) components of the morphable model in the latent, σ units; the rest stay 0.</summary>
    public int IdentityComponents { get; init; } = 10;

    /// <summary>Leading albedo components of the texture model in the latent, σ units; the rest stay 0.</summary>
    public int TextureComponents { get; init; } = 8;

    /// <summary>Side of the square render in pixels (the aligned crop is resampled from it to 112×112).</summary>
    public int ImageSize { get; init; } = 128;

    /// <summary>Head yaw in degrees (positive turns the face to the subject's left).</summary>
    public double Yaw { get; init; } = 5;

    /// <summary>Head pitch in degrees (positive looks up).</summary>
    public double Pitch { get; init; }

    /// <summary>Horizontal field of view of the pinhole camera, degrees.</summary>
    public double FieldOfView { get; init; } = 30;

    /// <summary>Width of the mean face (outer jaw landmarks) as a fraction of the image width; sets the distance.</summary>
    public double FaceFraction { get; init; } = 0.6;

    /// <summary>Ambient shading.</summary>
    public double Ambient { get; init; } = 0.65;

    /// <summary>Added shading of a surface facing the directional light.</summary>
    public double Directional { get; init; } = 0.25;

    /// <summary>Direction towards the light in camera coordinates (x right, y down, z forward: −z faces the camera).</summary>
    public (double X, double Y, double Z) LightDirection { get; init; } = (0.3, -0.3, -1);

    /// <summary>Background grey level in [0, 1].</summary>
    public double Background { get; init; } = 110 / 255.0;
}
