using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>
/// The one entry point for reading and writing image files: <see cref="Load"/> decodes a PNG or JPEG (chosen by
/// the file's signature, not its extension) into an 8-bit <see cref="ImageBuffer"/>, with a JPEG's EXIF
/// orientation applied; <see cref="SavePng"/> writes one. Every failure that the user can fix (missing,
/// truncated or corrupt file, zero size, unsupported variant, missing libturbojpeg) is a
/// <see cref="PluginInputException"/> naming the file.
/// </summary>
/// <example><code>
/// ImageBuffer image = ImageCodec.Load("face.jpg");       // Rgb24 or Gray8
/// byte[] gray = Grayscale.Convert(image, GrayWeights.Average).Pixels;
/// </code></example>
public static class ImageCodec
{
    /// <summary>Largest file read into memory, 1 GiB: a bound on work for hostile inputs.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Reads and decodes a PNG or JPEG file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="applyOrientation">Rotate/flip a JPEG as its EXIF orientation tag says (what viewers show).</param>
    /// <returns>Gray8 for grayscale files (gray PNGs with or without alpha, gray JPEGs), Rgb24 otherwise.</returns>
    /// <exception cref="PluginInputException">Missing, unreadable, truncated, corrupt or unsupported file.</exception>
    public static ImageBuffer Load(string path, bool applyOrientation = true) =>
        Decode(ReadFile(path), path, applyOrientation);

    /// <summary>Decodes PNG or JPEG bytes already in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="origin">Names the data in error messages (usually its path).</param>
    /// <param name="applyOrientation">Rotate/flip a JPEG as its EXIF orientation tag says.</param>
    /// <exception cref="PluginInputException">Truncated, corrupt or unsupported data.</exception>
    public static ImageBuffer Decode(ReadOnlySpan<byte> data, string? origin = null, bool applyOrientation = true)
    {
        if (data.IsEmpty)
        {
            throw new PluginInputException("the image file is empty.", origin);
        }

        if (PngDecoder.IsPng(data))
        {
            return PngDecoder.DecodeToBuffer(data, origin);
        }

        if (JpegDecoder.IsJpeg(data))
        {
            return JpegDecoder.Decode(data, origin, applyOrientation);
        }

        throw new PluginInputException("not a PNG or JPEG file (unknown signature).", origin);
    }

    /// <summary>
    /// Reads a PNG's or JPEG's size from its header without decoding pixels; with <paramref name="applyOrientation"/>,
    /// a JPEG whose EXIF orientation turns it by 90° reports the turned size, so that it equals what
    /// <see cref="Load"/> returns.
    /// </summary>
    /// <exception cref="PluginInputException">Missing file, unknown format, or a header cut short.</exception>
    public static ImageSize ReadSize(string path, bool applyOrientation = true)
    {
        var size = ImageHeader.ReadSize(path);
        if (!applyOrientation)
        {
            return size;
        }

        // EXIF lives in APP1 near the start; 128 KiB covers the largest possible APP1 segment (64 KiB) after JFIF.
        using var stream = File.OpenRead(path);
        byte[] head = new byte[(int)Math.Min(stream.Length, 128 * 1024)];
        stream.ReadExactly(head);
        return JpegDecoder.IsJpeg(head) && ExifOrientationReader.Read(head).SwapsAxes()
            ? new ImageSize(size.Height, size.Width)
            : size;
    }

    /// <summary>Writes an 8-bit image as a PNG (colour type 0 for Gray8, 2 for Rgb24; adaptive filters).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SavePng(ImageBuffer image, string path) =>
        File.WriteAllBytes(path, PngEncoder.Encode(PngImage.FromImageBuffer(image)));

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
}
