namespace Facebench.Imaging;

/// <summary>PNG colour types (PNG spec §11.2.2, IHDR), with the number of samples per pixel in the comment.</summary>
public enum PngColorType
{
    /// <summary>Luminance (1 sample); bit depths 1, 2, 4, 8, 16.</summary>
    Gray = 0,

    /// <summary>R, G, B (3 samples); bit depths 8, 16.</summary>
    Rgb = 2,

    /// <summary>A palette index (1 sample); bit depths 1, 2, 4, 8.</summary>
    Indexed = 3,

    /// <summary>Luminance and alpha (2 samples); bit depths 8, 16.</summary>
    GrayAlpha = 4,

    /// <summary>R, G, B, alpha (4 samples); bit depths 8, 16.</summary>
    Rgba = 6,
}

/// <summary>Facts about <see cref="PngColorType"/> values.</summary>
public static class PngColorTypeExtensions
{
    /// <summary>Samples per pixel.</summary>
    public static int Channels(this PngColorType type) => type switch
    {
        PngColorType.Gray or PngColorType.Indexed => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        PngColorType.Rgba => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a PNG colour type"),
    };

    /// <summary>True when the spec allows <paramref name="bitDepth"/> with this colour type.</summary>
    public static bool AllowsBitDepth(this PngColorType type, int bitDepth) => type switch
    {
        PngColorType.Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
        PngColorType.Indexed => bitDepth is 1 or 2 or 4 or 8,
        PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => bitDepth is 8 or 16,
        _ => false,
    };
}
