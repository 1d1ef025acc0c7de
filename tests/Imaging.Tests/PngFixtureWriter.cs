using System.Buffers.Binary;
using System.IO.Compression;

namespace Facebench.Imaging.Tests;

/// <summary>PNG colour types (PNG spec §11.2.2) with their samples per pixel.</summary>
public enum PngColorType
{
    Gray = 0,
    Rgb = 2,
    Indexed = 3,
    GrayAlpha = 4,
    Rgba = 6,
}

/// <summary>
/// Writes PNG files of every colour type and bit depth, plain or Adam7-interlaced, for the decoder tests: the product
/// encodes only 8-bit gray and RGB, and the decoder must be tried on the variants other programs write. Rows cycle
/// through the five filter types so that every unfiltering path runs. Samples are row-major, channel-interleaved,
/// one <see cref="ushort"/> each (palette indices for indexed images).
/// </summary>
public static class PngFixtureWriter
{
    // Adam7 pass origins and steps (PNG spec §8.2).
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static int Channels(this PngColorType type) => type switch
    {
        PngColorType.Gray or PngColorType.Indexed => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    public static bool AllowsBitDepth(this PngColorType type, int depth) => type switch
    {
        PngColorType.Gray => depth is 1 or 2 or 4 or 8 or 16,
        PngColorType.Indexed => depth is 1 or 2 or 4 or 8,
        _ => depth is 8 or 16,
    };

    /// <summary>Encodes the image; <paramref name="extraChunks"/> (type, body) go between IHDR/PLTE and IDAT.</summary>
    public static byte[] Write(int width, int height, PngColorType type, int depth, ushort[] samples, byte[]? palette = null, bool interlaced = false, params (string Type, byte[] Body)[] extraChunks)
    {
        int channels = type.Channels();
        int bitsPerPixel = depth * channels;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var passes = interlaced ? Adam7 : [(0, 0, 1, 1)];
            foreach (var (x0, y0, dx, dy) in passes)
            {
                int passWidth = width > x0 ? (width - x0 + dx - 1) / dx : 0;
                int passHeight = height > y0 ? (height - y0 + dy - 1) / dy : 0;
                if (passWidth == 0 || passHeight == 0)
                {
                    continue;
                }

                int rowBytes = ((passWidth * bitsPerPixel) + 7) / 8;
                byte[] prior = new byte[rowBytes], row = new byte[rowBytes], filtered = new byte[rowBytes + 1];
                for (int py = 0; py < passHeight; py++)
                {
                    Array.Clear(row);
                    for (int px = 0; px < passWidth; px++)
                    {
                        int source = ((((y0 + (py * dy)) * width) + x0 + (px * dx)) * channels);
                        for (int c = 0; c < channels; c++)
                        {
                            Pack(row, (px * channels) + c, depth, samples[source + c]);
                        }
                    }

                    int filter = py % 5;
                    filtered[0] = (byte)filter;
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int left = i >= bpp ? row[i - bpp] : 0, up = py > 0 ? prior[i] : 0, upLeft = py > 0 && i >= bpp ? prior[i - bpp] : 0;
                        int predicted = filter switch { 0 => 0, 1 => left, 2 => up, 3 => (left + up) >> 1, _ => Paeth(left, up, upLeft) };
                        filtered[i + 1] = (byte)(row[i] - predicted);
                    }

                    zlib.Write(filtered);
                    (prior, row) = (row, prior);
                }
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)type;
        ihdr[12] = interlaced ? (byte)1 : (byte)0;
        WriteChunk(png, "IHDR", ihdr);
        if (palette is not null)
        {
            WriteChunk(png, "PLTE", palette);
        }

        foreach (var (chunkType, body) in extraChunks)
        {
            WriteChunk(png, chunkType, body);
        }

        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Random samples (and a random palette for indexed images) within the depth's range.</summary>
    public static (ushort[] Samples, byte[]? Palette) RandomSamples(int width, int height, PngColorType type, int depth, int seed)
    {
        var rng = new Random(seed);
        int limit = 1 << depth;
        byte[]? palette = null;
        if (type == PngColorType.Indexed)
        {
            palette = new byte[3 * Math.Min(limit, 256)];
            rng.NextBytes(palette);
        }

        var samples = new ushort[width * height * type.Channels()];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)rng.Next(limit);
        }

        return (samples, palette);
    }

    /// <summary>A chunk with its length and CRC (PNG spec §5.3), for building damaged files.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> body)
    {
        using var stream = new MemoryStream();
        WriteChunk(stream, type, body);
        return stream.ToArray();
    }

    /// <summary>Recomputes the CRC of the chunk starting at <paramref name="at"/>.</summary>
    public static void FixCrc(byte[] png, int at)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + length), Crc(png.AsSpan(at + 4, 4 + length)));
    }

    private static void Pack(byte[] row, int index, int depth, int value)
    {
        switch (depth)
        {
            case 16:
                row[2 * index] = (byte)(value >> 8);
                row[(2 * index) + 1] = (byte)value;
                break;
            case 8:
                row[index] = (byte)value;
                break;
            default:
                row[index * depth / 8] |= (byte)(value << (8 - depth - (index * depth % 8)));
                break;
        }
    }

    /// <summary>CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) of a chunk's type and body (PNG spec §5.5).</summary>
    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> body)
    {
        byte[] typeAndBody = [.. System.Text.Encoding.ASCII.GetBytes(type), .. body];
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        output.Write(word);
        output.Write(typeAndBody);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(typeAndBody));
        output.Write(word);
    }
}
