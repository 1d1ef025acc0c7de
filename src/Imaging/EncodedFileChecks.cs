using System.Buffers.Binary;
using Facebench.Contracts;
using SkiaSharp;

namespace Facebench.Imaging;

/// <summary>
/// Checks on the encoded bytes that Skia's codecs do not make, so that a damaged file is an error and not a
/// plausible-looking image:
/// <list type="bullet">
/// <item>JPEG (ITU T.81 §B.2–B.3): the marker segments and entropy-coded segments must run intact up to the EOI
/// marker, with restart markers in sequence. Skia returns success for a progressive JPEG cut between two scans (a
/// blurred image) and for a baseline JPEG that lost its EOI, and it does not report libjpeg's "corrupt JPEG data"
/// warnings; this walk catches every truncation and the damage that breaks the marker structure (damage inside
/// entropy-coded data that keeps the structure intact decodes with artefacts, as in browsers).</item>
/// <item>PNG (PNG spec §5.6): the IEND chunk must be present. libpng stops after the last IDAT chunk, so a file cut
/// inside its final chunk would otherwise pass.</item>
/// <item>PNG sizes: deflate expands at most about 1032:1, so the scanlines a header declares must fit in 1032 times
/// the file's length; a forged header is refused before any pixel buffer is allocated.</item>
/// <item>WebP (RIFF): the file must be as long as its RIFF header says.</item>
/// </list>
/// </summary>
internal static class EncodedFileChecks
{
    // zlib's deflate cannot expand beyond ~1032:1; a little slack for headers.
    private const long MaxInflateRatio = 1040;

    private static ReadOnlySpan<byte> PngEnd => [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];

    /// <summary>Throws when the header declares more pixels than the data can hold (checked before decoding).</summary>
    /// <exception cref="PluginInputException">A PNG whose declared scanlines cannot come from its compressed bytes.</exception>
    public static void CheckPlausibleSize(SKEncodedImageFormat format, ReadOnlySpan<byte> data, int width, int height, string? origin)
    {
        if (format != SKEncodedImageFormat.Png || data.Length < 29)
        {
            return;
        }

        // IHDR: bit depth at byte 24, colour type at byte 25 (PNG spec §11.2.2).
        int channels = data[25] switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        long rowBytes = (((long)width * channels * data[24]) + 7) / 8;
        long scanlines = height * (rowBytes + 1);
        if (scanlines > (data.Length * MaxInflateRatio) + 1024)
        {
            throw new PluginInputException($"the image data ({data.Length} bytes in all) is far too short for a {width}x{height} PNG; the file is truncated or corrupt.", origin);
        }
    }

    /// <summary>Throws when the file is cut short or its structure is broken (checked after Skia decoded it).</summary>
    /// <exception cref="PluginInputException">Truncated or structurally corrupt data.</exception>
    public static void CheckComplete(SKEncodedImageFormat format, ReadOnlySpan<byte> data, string? origin)
    {
        string? problem = format switch
        {
            SKEncodedImageFormat.Jpeg => JpegProblem(data),
            SKEncodedImageFormat.Png => data.LastIndexOf(PngEnd) < 0 ? "the PNG has no IEND chunk; the file is truncated." : null,
            SKEncodedImageFormat.Webp => WebpProblem(data),
            _ => null,
        };
        if (problem is not null)
        {
            throw new PluginInputException(problem, origin);
        }
    }

    private static string? WebpProblem(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12)
        {
            return "the WebP file is shorter than its RIFF header; the file is truncated.";
        }

        long declared = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) + 8L;
        return declared > data.Length ? $"the WebP's RIFF header declares {declared} bytes but the file has {data.Length}; the file is truncated." : null;
    }

    /// <summary>Walks the JPEG from SOI to EOI; returns what is wrong, or null for an intact structure.</summary>
    private static string? JpegProblem(ReadOnlySpan<byte> data)
    {
        int pos = 2; // after SOI
        while (true)
        {
            if (pos + 1 >= data.Length)
            {
                return "the JPEG ends before its EOI marker; the file is truncated.";
            }

            if (data[pos] != 0xFF)
            {
                return $"the JPEG has stray bytes where a marker should be (byte {pos}); the file is corrupt.";
            }

            byte marker = data[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte before a marker
                continue;
            }

            if (marker == 0xD9)
            {
                return null; // EOI: anything after it is not part of the image
            }

            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2; // markers without a length
                continue;
            }

            if (pos + 4 > data.Length)
            {
                return "the JPEG ends inside a marker segment; the file is truncated.";
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            if (length < 2)
            {
                return $"JPEG marker 0xFF{marker:X2} at byte {pos} has an impossible length {length}; the file is corrupt.";
            }

            pos += 2 + length;
            if (pos > data.Length)
            {
                return "the JPEG ends inside a marker segment; the file is truncated.";
            }

            if (marker == 0xDA)
            {
                // Start of scan: entropy-coded data follows up to the next marker that is not a stuffed 0xFF00 or
                // a restart marker; restart markers count RST0..RST7 in turn from each scan's start (T.81 §B.2.1).
                int restart = 0;
                while (true)
                {
                    int ff = data[pos..].IndexOf((byte)0xFF);
                    if (ff < 0 || pos + ff + 1 >= data.Length)
                    {
                        return "the JPEG ends inside its compressed image data; the file is truncated.";
                    }

                    pos += ff;
                    byte next = data[pos + 1];
                    if (next == 0x00)
                    {
                        pos += 2;
                    }
                    else if (next is >= 0xD0 and <= 0xD7)
                    {
                        if (next - 0xD0 != restart)
                        {
                            return $"the JPEG's restart marker at byte {pos} is RST{next - 0xD0} where RST{restart} was due; the file is corrupt.";
                        }

                        restart = (restart + 1) & 7;
                        pos += 2;
                    }
                    else if (next == 0xFF)
                    {
                        pos++;
                    }
                    else
                    {
                        break; // a marker: the scan has ended
                    }
                }
            }
        }
    }
}
