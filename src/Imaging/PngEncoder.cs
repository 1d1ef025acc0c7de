using System.Buffers.Binary;
using System.IO.Compression;
using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>How <see cref="PngEncoder"/> filters scanlines (PNG spec §9).</summary>
public enum PngFilterMode
{
    /// <summary>Per row, the filter with the smallest sum of absolute signed residuals (the spec's suggested heuristic).</summary>
    Adaptive = -1,

    /// <summary>Filter type 0 on every row.</summary>
    None = 0,

    /// <summary>Filter type 1 (left neighbour) on every row.</summary>
    Sub = 1,

    /// <summary>Filter type 2 (row above) on every row.</summary>
    Up = 2,

    /// <summary>Filter type 3 (mean of left and above) on every row.</summary>
    Average = 3,

    /// <summary>Filter type 4 (Paeth predictor) on every row.</summary>
    Paeth = 4,
}

/// <summary>
/// Managed PNG writer: any <see cref="PngImage"/> (every colour type and bit depth), optionally Adam7-interlaced,
/// compressed with the BCL's zlib (<see cref="ZLibStream"/>). Writes IHDR, PLTE for indexed images, IDAT chunks of
/// at most 64 KiB, IEND; no ancillary chunks.
/// </summary>
public static class PngEncoder
{
    private const int MaxIdatBytes = 1 << 16;

    /// <summary>Encodes an image to PNG bytes.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="filter">Scanline filter choice.</param>
    /// <param name="interlaced">Write Adam7-interlaced.</param>
    /// <param name="level">zlib effort.</param>
    public static byte[] Encode(PngImage image, PngFilterMode filter = PngFilterMode.Adaptive, bool interlaced = false, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        int bitsPerPixel = image.BitDepth * image.Channels;
        int bpp = (bitsPerPixel + 7) / 8;
        var passes = PngLayout.Passes(image.Width, image.Height, bitsPerPixel, interlaced);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            foreach (var pass in passes)
            {
                if (pass.Bytes == 0)
                {
                    continue;
                }

                byte[] prior = new byte[pass.RowBytes];
                byte[] row = new byte[pass.RowBytes];
                byte[] filtered = new byte[pass.RowBytes + 1];
                byte[] trial = new byte[pass.RowBytes + 1];
                for (int py = 0; py < pass.Height; py++)
                {
                    Pack(image, pass, py, row);
                    if (filter == PngFilterMode.Adaptive)
                    {
                        long best = long.MaxValue;
                        for (int f = 0; f <= 4; f++)
                        {
                            long cost = Filter(f, row, prior, py > 0, bpp, trial);
                            if (cost < best)
                            {
                                best = cost;
                                (filtered, trial) = (trial, filtered);
                            }
                        }
                    }
                    else
                    {
                        Filter((int)filter, row, prior, py > 0, bpp, filtered);
                    }

                    zlib.Write(filtered);
                    (prior, row) = (row, prior);
                }
            }
        }

        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = (byte)image.BitDepth;
        ihdr[9] = (byte)image.ColorType;
        ihdr[10] = 0;
        ihdr[11] = 0;
        ihdr[12] = interlaced ? (byte)1 : (byte)0;
        WriteChunk(output, "IHDR"u8, ihdr);
        if (image.Palette is { } palette)
        {
            WriteChunk(output, "PLTE"u8, palette);
        }

        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        for (int start = 0; start < data.Length; start += MaxIdatBytes)
        {
            WriteChunk(output, "IDAT"u8, data.Slice(start, Math.Min(MaxIdatBytes, data.Length - start)));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Encodes an 8-bit image (Gray8 as colour type 0, Rgb24 as colour type 2).</summary>
    public static byte[] Encode(ImageBuffer image, PngFilterMode filter = PngFilterMode.Adaptive) => Encode(PngImage.FromImageBuffer(image), filter);

    /// <summary>Packs row <paramref name="py"/> of a pass into PNG's big-endian, MSB-first byte layout.</summary>
    private static void Pack(PngImage image, PngPass pass, int py, byte[] row)
    {
        Array.Clear(row);
        int channels = image.Channels;
        int depth = image.BitDepth;
        long y = pass.YStart + ((long)py * pass.YStep);
        for (int px = 0; px < pass.Width; px++)
        {
            long x = pass.XStart + ((long)px * pass.XStep);
            long src = ((y * image.Width) + x) * channels;
            for (int c = 0; c < channels; c++)
            {
                int index = (px * channels) + c;
                int v = image.Samples[src + c];
                switch (depth)
                {
                    case 16:
                        row[2 * index] = (byte)(v >> 8);
                        row[(2 * index) + 1] = (byte)v;
                        break;
                    case 8:
                        row[index] = (byte)v;
                        break;
                    default:
                        row[index * depth / 8] |= (byte)(v << (8 - depth - (index * depth % 8)));
                        break;
                }
            }
        }
    }

    /// <summary>Writes filter byte + filtered row into <paramref name="output"/>; returns the heuristic's cost.</summary>
    private static long Filter(int type, byte[] row, byte[] prior, bool hasPrior, int bpp, byte[] output)
    {
        output[0] = (byte)type;
        long cost = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int up = hasPrior ? prior[i] : 0;
            int upLeft = hasPrior && i >= bpp ? prior[i - bpp] : 0;
            int predicted = type switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                _ => PngDecoder.Paeth(left, up, upLeft),
            };
            byte r = (byte)(row[i] - predicted);
            output[i + 1] = r;
            cost += r < 128 ? r : 256 - r; // |residual as a signed byte|
        }

        return cost;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc.Compute(type, data));
        output.Write(word);
    }
}
