using System.Buffers.Binary;
using System.IO.Compression;

namespace Facebench.Plotting.Rendering;

/// <summary>
/// Minimal PNG encoder for 8-bit RGB and RGBA buffers (PNG spec, ISO/IEC 15948): IHDR, one IDAT holding the
/// zlib-compressed scanlines (each with the "Sub" filter), IEND. Chunk checksums are CRC-32 (ISO 3309) computed here.
/// </summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// Encodes row-major, top-row-first pixels with <paramref name="channels"/> bytes per pixel (3 = RGB, 4 = RGBA).
    /// </summary>
    /// <exception cref="ArgumentException">The buffer length is not width × height × channels, or channels is not 3 or 4.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channels is not (3 or 4))
        {
            throw new ArgumentException("Only RGB (3) and RGBA (4) buffers are supported.", nameof(channels));
        }

        long stride = (long)width * channels;
        if (pixels.Length != stride * height)
        {
            throw new ArgumentException($"Expected {stride * height} bytes for {width}×{height}×{channels}, got {pixels.Length}.", nameof(pixels));
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)(channels == 4 ? 6 : 2); // colour type: truecolour (+ alpha)
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, ihdr);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var line = new byte[stride + 1];
                line[0] = 1; // "Sub" filter: each byte minus the same channel of the pixel to its left
                for (int y = 0; y < height; y++)
                {
                    ReadOnlySpan<byte> row = pixels.Slice((int)(y * stride), (int)stride);
                    for (int i = 0; i < row.Length; i++)
                    {
                        line[i + 1] = (byte)(row[i] - (i >= channels ? row[i - channels] : 0));
                    }

                    zlib.Write(line);
                }
            }

            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Reads width and height from a PNG's IHDR chunk; false if the bytes are not a PNG.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> png, out int width, out int height)
    {
        width = height = 0;
        if (png.Length < 24 || !png[..8].SequenceEqual(Signature) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        width = BinaryPrimitives.ReadInt32BigEndian(png.Slice(16, 4));
        height = BinaryPrimitives.ReadInt32BigEndian(png.Slice(20, 4));
        return width > 0 && height > 0;
    }

    /// <summary>CRC-32 (reflected polynomial 0xEDB88320) of <paramref name="data"/>, continuing from <paramref name="crc"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        uint c = ~crc;
        foreach (byte b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(data, Crc32(type)));
        output.Write(word);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
