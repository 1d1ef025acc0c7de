using System.Buffers.Binary;
using System.IO.Compression;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>
/// Managed PNG reader (PNG spec, 3rd edition): every colour type (0, 2, 3, 4, 6) at every allowed bit depth
/// (1, 2, 4, 8, 16), Adam7 interlacing, all five filter types. Every chunk's CRC is checked; ancillary chunks are
/// skipped (tRNS, gamma and colour profiles are not applied); an unknown critical chunk is an error.
/// Work is bounded for hostile input: sizes are limited, and the image must be reachable from the compressed
/// bytes present (zlib expands at most ~1032:1), so a forged header cannot make it allocate more than ~1000× the
/// file size. All failures are <see cref="PluginInputException"/>s naming the file.
/// </summary>
public static class PngDecoder
{
    /// <summary>Largest width or height accepted.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>Largest pixel count accepted (256 Mpx).</summary>
    public const long MaxPixels = 1L << 28;

    // zlib's deflate cannot expand beyond ~1032:1; a little slack for headers.
    private const long MaxInflateRatio = 1040;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the data starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Decodes a PNG at its own colour type and bit depth.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="origin">Names the data in error messages.</param>
    /// <exception cref="PluginInputException">Not a PNG, truncated, corrupt, or beyond the size limits.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> data, string? origin = null)
    {
        var (header, palette, raw) = Inflate(data, origin);
        return ToPngImage(header, palette, raw, origin);
    }

    /// <summary>Decodes a PNG straight to 8 bits (see <see cref="PngImage.ToImageBuffer"/> for the conversion).</summary>
    /// <exception cref="PluginInputException">Not a PNG, truncated, corrupt, or beyond the size limits.</exception>
    public static ImageBuffer DecodeToBuffer(ReadOnlySpan<byte> data, string? origin = null)
    {
        var (header, palette, raw) = Inflate(data, origin);
        if (!header.Interlaced && header.BitDepth == 8 && header.ColorType is PngColorType.Gray or PngColorType.Rgb)
        {
            // The common case: unfiltered rows already are Gray8/Rgb24 rows; copy them without the filter bytes.
            int rowBytes = header.Width * header.ColorType.Channels();
            byte[] pixels = new byte[(long)rowBytes * header.Height];
            for (int y = 0; y < header.Height; y++)
            {
                raw.AsSpan((y * (rowBytes + 1)) + 1, rowBytes).CopyTo(pixels.AsSpan(y * rowBytes));
            }

            return new ImageBuffer(header.Width, header.Height, header.ColorType == PngColorType.Gray ? PixelFormat.Gray8 : PixelFormat.Rgb24, pixels);
        }

        return ToPngImage(header, palette, raw, origin).ToImageBuffer();
    }

    private readonly record struct Header(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
    {
        public int BitsPerPixel => BitDepth * ColorType.Channels();
    }

    /// <summary>Walks the chunks, checks them, and returns the unfiltered scanline data of all passes.</summary>
    private static (Header Header, byte[]? Palette, byte[] Raw) Inflate(ReadOnlySpan<byte> data, string? origin)
    {
        if (!IsPng(data))
        {
            throw Corrupt("not a PNG file (bad signature).", origin);
        }

        Header? header = null;
        byte[]? palette = null;
        using var idat = new MemoryStream();
        bool sawIdat = false, idatEnded = false, sawEnd = false;
        int pos = Signature.Length;
        while (!sawEnd)
        {
            if (data.Length - pos < 12)
            {
                throw Corrupt(header is null ? "PNG ends before its IHDR chunk; the file is truncated." : "PNG ends before its IEND chunk; the file is truncated.", origin);
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = data.Slice(pos + 4, 4);
            if (length > int.MaxValue || length > (uint)(data.Length - pos - 12))
            {
                throw Corrupt($"chunk '{ChunkName(type)}' claims {length} bytes but the file ends sooner; the file is truncated or corrupt.", origin);
            }

            var body = data.Slice(pos + 8, (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            if (PngCrc.Compute(type, body) != crc)
            {
                throw Corrupt($"CRC mismatch in chunk '{ChunkName(type)}' at byte {pos}; the file is corrupt.", origin);
            }

            pos += 12 + (int)length;
            if (header is null && !type.SequenceEqual("IHDR"u8))
            {
                throw Corrupt("the first chunk is not IHDR; the file is corrupt.", origin);
            }

            if (sawIdat && !idatEnded && !type.SequenceEqual("IDAT"u8))
            {
                idatEnded = true;
            }

            switch (ChunkName(type))
            {
                case "IHDR":
                    if (header is not null)
                    {
                        throw Corrupt("more than one IHDR chunk.", origin);
                    }

                    header = ReadHeader(body, origin);
                    break;
                case "PLTE":
                    if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 768)
                    {
                        throw Corrupt($"PLTE chunk of {body.Length} bytes is not 1 to 256 RGB entries.", origin);
                    }

                    palette = body.ToArray();
                    break;
                case "IDAT":
                    if (idatEnded)
                    {
                        throw Corrupt("IDAT chunks are not consecutive.", origin);
                    }

                    sawIdat = true;
                    idat.Write(body);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                default:
                    // Bit 5 of the first type byte clear = critical: a chunk we must understand and do not.
                    if ((type[0] & 0x20) == 0)
                    {
                        throw Corrupt($"unknown critical chunk '{ChunkName(type)}'; the file is corrupt or uses an unsupported extension.", origin);
                    }

                    break;
            }
        }

        var h = header!.Value;
        if (!sawIdat)
        {
            throw Corrupt("PNG has no IDAT (image data) chunk.", origin);
        }

        if (h.ColorType == PngColorType.Indexed && palette is null)
        {
            throw Corrupt("indexed-colour PNG without a PLTE chunk.", origin);
        }

        var passes = PngLayout.Passes(h.Width, h.Height, h.BitsPerPixel, h.Interlaced);
        long rawSize = passes.Sum(p => p.Bytes);
        if (rawSize > (idat.Length * MaxInflateRatio) + 1024 || rawSize > Array.MaxLength)
        {
            throw Corrupt($"the image data ({idat.Length} compressed bytes) is far too short for a {h.Width}x{h.Height} image; the file is truncated or corrupt.", origin);
        }

        byte[] raw = new byte[rawSize];
        idat.Position = 0;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
            int got = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (got < raw.Length)
            {
                throw Corrupt($"the image data ends after {got} of {raw.Length} bytes; the file is truncated.", origin);
            }
        }
        catch (InvalidDataException e)
        {
            throw Corrupt($"the compressed image data is corrupt ({e.Message}).", origin, e);
        }

        Unfilter(raw, passes, (h.BitsPerPixel + 7) / 8, origin);
        return (h, palette, raw);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> body, string? origin)
    {
        if (body.Length != 13)
        {
            throw Corrupt($"IHDR chunk has {body.Length} bytes, not 13.", origin);
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8];
        int color = body[9];
        if (width == 0 || height == 0)
        {
            throw Corrupt($"the image size is {width}x{height}; a PNG must have at least one pixel.", origin);
        }

        if (width > MaxDimension || height > MaxDimension || (long)width * height > MaxPixels)
        {
            throw Corrupt($"the image size {width}x{height} is beyond what is decoded here ({MaxPixels} pixels, {MaxDimension} per side).", origin);
        }

        if (color is not (0 or 2 or 3 or 4 or 6))
        {
            throw Corrupt($"unknown PNG colour type {color}.", origin);
        }

        var colorType = (PngColorType)color;
        if (!colorType.AllowsBitDepth(depth))
        {
            throw Corrupt($"bit depth {depth} is not allowed for colour type {color}.", origin);
        }

        if (body[10] != 0 || body[11] != 0)
        {
            throw Corrupt($"unknown compression method {body[10]} or filter method {body[11]}.", origin);
        }

        if (body[12] > 1)
        {
            throw Corrupt($"unknown interlace method {body[12]}.", origin);
        }

        return new Header((int)width, (int)height, depth, colorType, body[12] == 1);
    }

    /// <summary>Reverses the per-row filters in place (PNG spec §9), pass by pass.</summary>
    private static void Unfilter(byte[] raw, PngPass[] passes, int bpp, string? origin)
    {
        long offset = 0;
        foreach (var pass in passes)
        {
            if (pass.Bytes == 0)
            {
                continue;
            }

            int n = pass.RowBytes;
            for (int y = 0; y < pass.Height; y++)
            {
                int filter = raw[offset];
                var row = raw.AsSpan((int)offset + 1, n);
                var prior = y == 0 ? default : raw.AsSpan((int)(offset - n), n);
                switch (filter)
                {
                    case 0:
                        break;
                    case 1:
                        for (int i = bpp; i < n; i++)
                        {
                            row[i] += row[i - bpp];
                        }

                        break;
                    case 2:
                        if (y > 0)
                        {
                            for (int i = 0; i < n; i++)
                            {
                                row[i] += prior[i];
                            }
                        }

                        break;
                    case 3:
                        for (int i = 0; i < n; i++)
                        {
                            int left = i >= bpp ? row[i - bpp] : 0;
                            int up = y > 0 ? prior[i] : 0;
                            row[i] += (byte)((left + up) >> 1);
                        }

                        break;
                    case 4:
                        for (int i = 0; i < n; i++)
                        {
                            int left = i >= bpp ? row[i - bpp] : 0;
                            int up = y > 0 ? prior[i] : 0;
                            int upLeft = i >= bpp && y > 0 ? prior[i - bpp] : 0;
                            row[i] += (byte)Paeth(left, up, upLeft);
                        }

                        break;
                    default:
                        throw Corrupt($"unknown filter type {filter} on a scanline; the file is corrupt.", origin);
                }

                offset += n + 1;
            }
        }
    }

    /// <summary>The Paeth predictor (PNG spec §9.4).</summary>
    internal static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Unpacks the unfiltered pass rows into one sample per <see cref="ushort"/>, placing interlaced pixels.</summary>
    private static PngImage ToPngImage(Header h, byte[]? palette, byte[] raw, string? origin)
    {
        int channels = h.ColorType.Channels();
        ushort[] samples = new ushort[(long)h.Width * h.Height * channels];
        long offset = 0;
        int paletteSize = palette is null ? 0 : palette.Length / 3;
        foreach (var pass in PngLayout.Passes(h.Width, h.Height, h.BitsPerPixel, h.Interlaced))
        {
            if (pass.Bytes == 0)
            {
                continue;
            }

            for (int py = 0; py < pass.Height; py++)
            {
                var row = raw.AsSpan((int)offset + 1, pass.RowBytes);
                long y = pass.YStart + ((long)py * pass.YStep);
                for (int px = 0; px < pass.Width; px++)
                {
                    long x = pass.XStart + ((long)px * pass.XStep);
                    long dst = ((y * h.Width) + x) * channels;
                    for (int c = 0; c < channels; c++)
                    {
                        int index = (px * channels) + c;
                        int value = h.BitDepth switch
                        {
                            16 => (row[2 * index] << 8) | row[(2 * index) + 1],
                            8 => row[index],
                            _ => (row[index * h.BitDepth / 8] >> (8 - h.BitDepth - (index * h.BitDepth % 8))) & ((1 << h.BitDepth) - 1),
                        };
                        if (h.ColorType == PngColorType.Indexed && value >= paletteSize)
                        {
                            throw Corrupt($"palette index {value} at ({x},{y}) is beyond the {paletteSize}-entry palette.", origin);
                        }

                        samples[dst + c] = (ushort)value;
                    }
                }

                offset += pass.RowBytes + 1;
            }
        }

        return new PngImage(h.Width, h.Height, h.ColorType, h.BitDepth, samples, h.ColorType == PngColorType.Indexed ? palette : null);
    }

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> name = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            name[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return new string(name);
    }

    private static PluginInputException Corrupt(string message, string? origin, Exception? inner = null) => new(message, origin, inner);
}
