using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using SkiaSharp;

namespace Facebench.Imaging;

/// <summary>
/// The one entry point for reading and writing image files: <see cref="Load"/> decodes a PNG, JPEG, WebP or BMP
/// (chosen by the file's signature, not its extension) through SkiaSharp's <see cref="SKCodec"/> into an 8-bit
/// <see cref="ImageBuffer"/>, with the EXIF orientation applied; <see cref="SavePng"/> writes a lossless PNG. Every
/// failure that the user can fix (missing, empty, truncated or corrupt file, zero size, unsupported format) is a
/// <see cref="PluginInputException"/> naming the file.
/// </summary>
/// <remarks>
/// Pixels are the file's own samples: no colour management, alpha dropped rather than composited, 16-bit PNG samples
/// reduced to their high byte (libpng's strip-16, as OpenCV's <c>imread</c> does). JPEGs come out exactly as
/// libjpeg-turbo's accurate integer IDCT with smooth chroma upsampling decodes them, the input dlib and OpenCV see.
/// </remarks>
/// <example><code>
/// ImageBuffer image = ImageCodec.Load("face.jpg");       // Rgb24 or Gray8
/// byte[] gray = Grayscale.Convert(image, GrayWeights.Average).Pixels;
/// </code></example>
public static class ImageCodec
{
    /// <summary>Largest file read into memory, 1 GiB: a bound on work for hostile inputs.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Reads and decodes a PNG, JPEG, WebP or BMP file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="applyOrientation">Rotate/flip the pixels as the file's EXIF orientation says (what viewers show).</param>
    /// <returns>Gray8 for grayscale files (gray PNGs with or without alpha, one-component JPEGs), Rgb24 otherwise.</returns>
    /// <exception cref="PluginInputException">Missing, unreadable, truncated, corrupt or unsupported file.</exception>
    public static ImageBuffer Load(string path, bool applyOrientation = true) =>
        Decode(ReadFile(path), path, applyOrientation);

    /// <summary>Decodes PNG, JPEG, WebP or BMP bytes already in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="origin">Names the data in error messages (usually its path).</param>
    /// <param name="applyOrientation">Rotate/flip the pixels as the EXIF orientation says.</param>
    /// <exception cref="PluginInputException">Truncated, corrupt or unsupported data.</exception>
    public static ImageBuffer Decode(ReadOnlySpan<byte> data, string? origin = null, bool applyOrientation = true) =>
        data.IsEmpty
            ? throw new PluginInputException("the image file is empty.", origin)
            : SkiaImageDecoder.Decode(data, origin, applyOrientation);

    /// <summary>
    /// Reads an image's size from its header without decoding pixels; with <paramref name="applyOrientation"/>, an
    /// image whose EXIF orientation turns it by 90° reports the turned size, so that it equals what
    /// <see cref="Load"/> returns.
    /// </summary>
    /// <exception cref="PluginInputException">Missing file, unknown format, or a header cut short.</exception>
    public static ImageSize ReadSize(string path, bool applyOrientation = true)
    {
        var header = ImageHeader.Read(path);
        return applyOrientation && header.Orientation.SwapsAxes() ? new ImageSize(header.Size.Height, header.Size.Width) : header.Size;
    }

    /// <summary>Encodes an 8-bit image as a PNG (gray for Gray8, RGB for Rgb24), losslessly and deterministically.</summary>
    public static unsafe byte[] EncodePng(ImageBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        bool gray = image.Format == PixelFormat.Gray8;
        // Skia has no 24-bit colour type: RGB goes through opaque RGBA, which its PNG encoder writes as colour type 2.
        byte[] pixels = gray ? image.Pixels : ToRgba(image);
        var info = new SKImageInfo(image.Width, image.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        fixed (byte* p = pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, info.RowBytes);
            using SKData png = pixmap.Encode(SKPngEncoderOptions.Default)
                ?? throw new InvalidOperationException($"Skia could not encode a {image.Width}x{image.Height} {image.Format} image as PNG.");
            return png.ToArray();
        }
    }

    /// <summary>
    /// Encodes an 8-bit image as a baseline JPEG of the given quality (1–100): a photo or a render kept for a report
    /// compresses about ten times better than as PNG.
    /// </summary>
    public static unsafe byte[] EncodeJpeg(ImageBuffer image, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        bool gray = image.Format == PixelFormat.Gray8;
        byte[] pixels = gray ? image.Pixels : ToRgba(image);
        var info = new SKImageInfo(image.Width, image.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        fixed (byte* p = pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, info.RowBytes);
            using SKData jpeg = pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
                ?? throw new InvalidOperationException($"Skia could not encode a {image.Width}x{image.Height} {image.Format} image as JPEG.");
            return jpeg.ToArray();
        }
    }

    /// <summary>Writes an 8-bit image as a PNG (see <see cref="EncodePng"/>).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SavePng(ImageBuffer image, string path) => File.WriteAllBytes(path, EncodePng(image));

    /// <summary>Reads a whole file, turning I/O failures into user-facing errors.</summary>
    internal static byte[] ReadFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxFileBytes)
            {
                throw new PluginInputException($"the image file is {stream.Length} bytes; more than {MaxFileBytes} is not read.", path);
            }

            byte[] data = new byte[stream.Length];
            stream.ReadExactly(data);
            return data;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PluginInputException("image file not found.", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginInputException($"cannot read the image file: {e.Message}", path, e);
        }
    }

    private static byte[] ToRgba(ImageBuffer image)
    {
        byte[] src = image.Pixels;
        byte[] rgba = new byte[image.Width * image.Height * 4];
        for (int s = 0, d = 0; s < src.Length; s += 3, d += 4)
        {
            rgba[d] = src[s];
            rgba[d + 1] = src[s + 1];
            rgba[d + 2] = src[s + 2];
            rgba[d + 3] = 255;
        }

        return rgba;
    }
}
