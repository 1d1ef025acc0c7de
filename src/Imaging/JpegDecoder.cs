using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>
/// JPEG decoding through the system's libturbojpeg (Debian package <c>libturbojpeg0</c>) by P/Invoke, with the
/// settings libjpeg uses by default (accurate integer IDCT, smooth "fancy" chroma upsampling), which is what
/// dlib's and OpenCV's loaders get from the same library. Grayscale JPEGs decode to Gray8, colour ones to
/// Rgb24; CMYK JPEGs are refused. Libjpeg warnings (premature end of data, corrupt entropy data) are errors:
/// a half-grey photo must not pass silently into measurements.
/// </summary>
public static class JpegDecoder
{
    /// <summary>Largest pixel count decoded (256 Mpx), a bound for forged headers.</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>True when the data starts with the JPEG SOI marker.</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>Decodes a JPEG file held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="origin">Names the data in error messages.</param>
    /// <param name="applyOrientation">Turn the pixels as the EXIF orientation tag says (see <see cref="ExifOrientationReader"/>).</param>
    /// <exception cref="MissingNativeLibraryException">libturbojpeg is not installed.</exception>
    /// <exception cref="PluginInputException">Truncated, corrupt or unsupported JPEG.</exception>
    public static unsafe ImageBuffer Decode(ReadOnlySpan<byte> data, string? origin = null, bool applyOrientation = true)
    {
        if (!IsJpeg(data))
        {
            throw new PluginInputException("not a JPEG file (no SOI marker).", origin);
        }

        TurboJpeg.EnsureAvailable(origin);
        IntPtr handle = TurboJpeg.tjInitDecompress();
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"libturbojpeg could not create a decompressor: {TurboJpeg.ErrorMessage(IntPtr.Zero)}");
        }

        ImageBuffer image;
        try
        {
            fixed (byte* src = data)
            {
                var size = new System.Runtime.InteropServices.CULong((nuint)data.Length);
                if (TurboJpeg.tjDecompressHeader3(handle, src, size, out int width, out int height, out _, out int colorspace) != 0)
                {
                    throw new PluginInputException($"corrupt JPEG header ({TurboJpeg.ErrorMessage(handle)}).", origin);
                }

                if (width <= 0 || height <= 0)
                {
                    throw new PluginInputException($"the JPEG's size is {width}x{height}; an image must have at least one pixel.", origin);
                }

                if ((long)width * height > MaxPixels)
                {
                    throw new PluginInputException($"the JPEG's size {width}x{height} is beyond what is decoded here ({MaxPixels} pixels).", origin);
                }

                if (colorspace is TurboJpeg.ColorspaceCmyk or TurboJpeg.ColorspaceYcck)
                {
                    throw new PluginInputException("CMYK JPEGs are not supported; convert the file to RGB.", origin);
                }

                var format = colorspace == TurboJpeg.ColorspaceGray ? PixelFormat.Gray8 : PixelFormat.Rgb24;
                byte[] pixels = new byte[(long)width * height * (int)format];
                fixed (byte* dst = pixels)
                {
                    int tjFormat = format == PixelFormat.Gray8 ? TurboJpeg.PixelFormatGray : TurboJpeg.PixelFormatRgb;
                    if (TurboJpeg.tjDecompress2(handle, src, size, dst, width, width * (int)format, height, tjFormat, TurboJpeg.FlagAccurateDct) != 0)
                    {
                        string what = TurboJpeg.tjGetErrorCode(handle) == TurboJpeg.ErrorWarning ? "the JPEG data is truncated or damaged" : "the JPEG cannot be decoded";
                        throw new PluginInputException($"{what} ({TurboJpeg.ErrorMessage(handle)}).", origin);
                    }
                }

                image = new ImageBuffer(width, height, format, pixels);
            }
        }
        finally
        {
            _ = TurboJpeg.tjDestroy(handle);
        }

        return applyOrientation ? ImageTransforms.Orient(image, ExifOrientationReader.Read(data)) : image;
    }
}
