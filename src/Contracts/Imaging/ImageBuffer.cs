namespace Facebench.Contracts.Imaging;

/// <summary>Pixel layouts of an <see cref="ImageBuffer"/>.</summary>
public enum PixelFormat
{
    /// <summary>One byte per pixel, luminance.</summary>
    Gray8 = 1,

    /// <summary>Three bytes per pixel, R G B.</summary>
    Rgb24 = 3,
}

/// <summary>
/// Decoded 8-bit pixels, row-major with no padding (stride = width × channels), top row first; pixel (x, y)
/// covers the square centred on (x, y) in Facebench's image coordinates. The buffer is shared, not copied:
/// treat <see cref="Pixels"/> as read-only once the image is attached to a sample.
/// </summary>
public sealed class ImageBuffer
{
    /// <summary>Wraps pixels.</summary>
    /// <exception cref="ArgumentException">The buffer length does not match the size and format.</exception>
    public ImageBuffer(int width, int height, PixelFormat format, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"image size must be positive, not {width}x{height}.");
        }

        if (pixels.LongLength != (long)width * height * (int)format)
        {
            throw new ArgumentException($"a {width}x{height} {format} image has {(long)width * height * (int)format} bytes, not {pixels.LongLength}.");
        }

        Width = width;
        Height = height;
        Format = format;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixel layout.</summary>
    public PixelFormat Format { get; }

    /// <summary>Bytes per pixel.</summary>
    public int Channels => (int)Format;

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * Channels;

    /// <summary>The pixels, row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>The size.</summary>
    public ImageSize Size => new(Width, Height);
}
