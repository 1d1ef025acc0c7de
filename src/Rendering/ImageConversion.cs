using Facebench.Contracts.Imaging;

namespace Facebench.Rendering;

/// <summary>Between the renderer's RGB values in [0, 1] and 8-bit images.</summary>
public static class ImageConversion
{
    /// <summary>An 8-bit RGB image from RGB values in [0, 1] (clamped, rounded to the nearest level).</summary>
    public static ImageBuffer ToRgb24(ReadOnlySpan<double> rgb, int width, int height)
    {
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"{rgb.Length} values do not make a {width}×{height} RGB image.", nameof(rgb));
        }

        var pixels = new byte[rgb.Length];
        for (int i = 0; i < rgb.Length; i++)
        {
            double v = rgb[i];
            pixels[i] = v >= 1 ? (byte)255 : v > 0 ? (byte)((v * 255) + 0.5) : (byte)0;
        }

        return new ImageBuffer(width, height, PixelFormat.Rgb24, pixels);
    }
}
