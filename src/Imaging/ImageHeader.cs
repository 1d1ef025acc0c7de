using Facebench.Contracts;
using SkiaSharp;

namespace Facebench.Imaging;

/// <summary>What an image file's header says: its format, stored size and EXIF orientation.</summary>
/// <param name="Format">The container format (PNG, JPEG, WebP or BMP).</param>
/// <param name="Size">The stored size, before the orientation is applied.</param>
/// <param name="Orientation">How the stored pixels must be turned to show the picture upright.</param>
public readonly record struct ImageHeaderInfo(SKEncodedImageFormat Format, ImageSize Size, ExifOrientation Orientation);

/// <summary>
/// Reads an image's header without decoding its pixels, through SkiaSharp's <see cref="SKCodec"/>, which reads the
/// file only as far as its header (for a JPEG, the marker segments up to the first scan, EXIF included).
/// </summary>
public static class ImageHeader
{
    /// <summary>Reads the stored size of a PNG, JPEG, WebP or BMP file (before any EXIF orientation).</summary>
    /// <exception cref="PluginInputException">Missing or empty file, unknown format, or a header cut short.</exception>
    public static ImageSize ReadSize(string path) => Read(path).Size;

    /// <summary>Reads the format, stored size and EXIF orientation of a PNG, JPEG, WebP or BMP file.</summary>
    /// <exception cref="PluginInputException">Missing or empty file, unknown format, or a header cut short.</exception>
    public static ImageHeaderInfo Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("image file not found.", path);
        }

        using var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            throw new PluginInputException("the image file is empty.", path);
        }

        return SkiaImageDecoder.ReadHeader(stream, path);
    }
}
