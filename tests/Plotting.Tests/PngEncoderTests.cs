using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Tests;

public class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8));

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Encoded_png_decodes_to_the_original_pixels(int channels)
    {
        const int width = 7;
        const int height = 5;
        var pixels = new byte[width * height * channels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 37) ^ (i >> 3));
        }

        byte[] png = PngEncoder.Encode(pixels, width, height, channels);
        Assert.True(PngEncoder.TryReadSize(png, out int w, out int h));
        Assert.Equal((width, height), (w, h));
        Assert.Equal(pixels, Decode(png, channels));
    }

    [Fact]
    public void Wrong_buffer_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[10], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[8], 2, 2, 2));
        Assert.False(PngEncoder.TryReadSize("not a png at all, clearly"u8, out _, out _));
    }

    /// <summary>Test-side decoder for our encoder's output: checks every CRC, inflates IDAT, undoes the Sub filter.</summary>
    private static byte[] Decode(byte[] png, int channels)
    {
        int offset = 8;
        int width = 0;
        int height = 0;
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            ReadOnlySpan<byte> typeAndData = png.AsSpan(offset + 4, length + 4);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)), PngEncoder.Crc32(typeAndData));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 8));
                height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 12));
                Assert.Equal(channels == 4 ? 6 : 2, png[offset + 17]);
            }
            else if (type == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(raw);
        }

        byte[] data = raw.ToArray();
        int stride = width * channels;
        Assert.Equal((stride + 1) * height, data.Length);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(1, data[y * (stride + 1)]);
            for (int i = 0; i < stride; i++)
            {
                byte left = i >= channels ? pixels[(y * stride) + i - channels] : (byte)0;
                pixels[(y * stride) + i] = (byte)(data[(y * (stride + 1)) + 1 + i] + left);
            }
        }

        return pixels;
    }
}
