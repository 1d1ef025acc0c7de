using System.Buffers.Binary;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Testing;

namespace Facebench.Imaging.Tests;

/// <summary>PNG write → read round-trips for every colour type and bit depth, conversions, and bad files.</summary>
public sealed class PngTests
{
    public static TheoryData<PngColorType, int, bool> Formats()
    {
        var data = new TheoryData<PngColorType, int, bool>();
        foreach (var type in Enum.GetValues<PngColorType>())
        {
            foreach (int depth in new[] { 1, 2, 4, 8, 16 })
            {
                if (type.AllowsBitDepth(depth))
                {
                    data.Add(type, depth, false);
                    data.Add(type, depth, true);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Round_trips_every_colour_type_and_bit_depth(PngColorType type, int depth, bool interlaced)
    {
        // Odd sizes leave some Adam7 passes empty or one pixel wide, and sub-byte rows end mid-byte.
        foreach (var (w, h) in new[] { (1, 1), (3, 2), (13, 7), (37, 29) })
        {
            var image = RandomImage(w, h, type, depth, seed: (w * 31) + h);
            foreach (var filter in Enum.GetValues<PngFilterMode>())
            {
                var decoded = PngDecoder.Decode(PngEncoder.Encode(image, filter, interlaced));
                Assert.Equal((w, h, type, depth), (decoded.Width, decoded.Height, decoded.ColorType, decoded.BitDepth));
                Assert.Equal(image.Samples, decoded.Samples);
                Assert.Equal(image.Palette, decoded.Palette);
            }
        }
    }

    [Fact]
    public void A_large_image_spans_several_IDAT_chunks()
    {
        var image = RandomImage(300, 200, PngColorType.Rgba, 16, seed: 5); // 960 kB, a third of it noise: several 64 kB chunks
        byte[] png = PngEncoder.Encode(image);
        Assert.True(CountChunks(png, "IDAT") >= 3, $"{CountChunks(png, "IDAT")} IDAT chunks");
        Assert.Equal(image.Samples, PngDecoder.Decode(png).Samples);
    }

    [Fact]
    public void Converts_to_8_bit_buffers()
    {
        var gray16 = new PngImage(3, 1, PngColorType.Gray, 16, [0, 32896, 65535]);
        Assert.Equal(new byte[] { 0, 128, 255 }, gray16.ToImageBuffer().Pixels);
        var gray1 = new PngImage(2, 1, PngColorType.Gray, 1, [0, 1]);
        Assert.Equal(new byte[] { 0, 255 }, gray1.ToImageBuffer().Pixels);
        var gray4 = new PngImage(2, 1, PngColorType.Gray, 4, [1, 15]);
        Assert.Equal(new byte[] { 17, 255 }, gray4.ToImageBuffer().Pixels);
        var indexed = new PngImage(2, 1, PngColorType.Indexed, 1, [1, 0], [10, 20, 30, 40, 50, 60]);
        var rgb = indexed.ToImageBuffer();
        Assert.Equal(PixelFormat.Rgb24, rgb.Format);
        Assert.Equal(new byte[] { 40, 50, 60, 10, 20, 30 }, rgb.Pixels);
        var grayAlpha = new PngImage(1, 1, PngColorType.GrayAlpha, 8, [77, 3]);
        Assert.Equal((PixelFormat.Gray8, (byte)77), (grayAlpha.ToImageBuffer().Format, grayAlpha.ToImageBuffer().Pixels[0]));
        var rgba = new PngImage(1, 1, PngColorType.Rgba, 8, [1, 2, 3, 4]);
        Assert.Equal(new byte[] { 1, 2, 3 }, rgba.ToImageBuffer().Pixels);
    }

    [Fact]
    public void Saves_and_loads_8_bit_buffers_through_files()
    {
        string dir = Directory.CreateTempSubdirectory("facebench-png").FullName;
        foreach (var format in new[] { PixelFormat.Gray8, PixelFormat.Rgb24 })
        {
            var rng = new Random(3);
            byte[] pixels = new byte[41 * 17 * (int)format];
            rng.NextBytes(pixels);
            var image = new ImageBuffer(41, 17, format, pixels);
            string path = Path.Combine(dir, $"{format}.png");
            ImageCodec.SavePng(image, path);
            var loaded = ImageCodec.Load(path);
            Assert.Equal((image.Width, image.Height, image.Format), (loaded.Width, loaded.Height, loaded.Format));
            Assert.Equal(image.Pixels, loaded.Pixels);
            Assert.Equal(new ImageSize(41, 17), ImageCodec.ReadSize(path));
        }
    }

    [SharedDataFact("data/lfpw-sample/image_0010.png")]
    public void Decodes_the_LFPW_photo()
    {
        string path = RepositoryPaths.Shared("data/lfpw-sample/image_0010.png");
        var image = ImageCodec.Load(path);
        Assert.Equal((1280, 1024, PixelFormat.Rgb24), (image.Width, image.Height, image.Format));
        // Re-encoding and decoding gives the same pixels (an independent path through the writer).
        Assert.Equal(image.Pixels, PngDecoder.DecodeToBuffer(PngEncoder.Encode(image)).Pixels);
        double mean = image.Pixels.Average(b => (double)b);
        Assert.InRange(mean, 40, 220);
    }

    [Fact]
    public void Bad_files_are_input_errors_that_name_the_file()
    {
        byte[] good = PngEncoder.Encode(RandomImage(20, 10, PngColorType.Rgb, 8, seed: 1));
        AssertBad(good[..(good.Length / 2)], "truncated");
        AssertBad(good[..33], "truncated");
        AssertBad([], "empty");
        AssertBad([0x89, 0x50, 0x4E, 0x47], "PNG");

        byte[] badCrc = (byte[])good.Clone();
        badCrc[40] ^= 0x10;
        AssertBad(badCrc, "CRC");

        AssertBad(WithIhdr(good, width: 0, height: 10), "at least one pixel");
        AssertBad(WithIhdr(good, width: 20, height: 0), "at least one pixel");
        AssertBad(WithIhdr(good, width: 200000, height: 200000), "beyond");
        AssertBad(WithIhdr(good, width: 20000, height: 10000), "too short");
        AssertBad(WithIhdr(good, depth: 3), "bit depth");
        AssertBad(WithIhdr(good, colorType: 5), "colour type");
        AssertBad(InsertChunk(good, "ABCD", [1, 2, 3]), "critical");
        Assert.Equal(20, PngDecoder.Decode(InsertChunk(good, "tEXt", "k\0v"u8.ToArray())).Width); // ancillary: skipped
    }

    private static void AssertBad(byte[] data, string expected)
    {
        var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(data, "bad.png"));
        Assert.StartsWith("bad.png: ", e.Message);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    internal static PngImage RandomImage(int w, int h, PngColorType type, int depth, int seed)
    {
        var rng = new Random(seed);
        int limit = 1 << depth;
        byte[]? palette = null;
        if (type == PngColorType.Indexed)
        {
            palette = new byte[3 * Math.Min(limit, 256)];
            rng.NextBytes(palette);
        }

        // Smooth ramps plus noise, so that every filter type wins somewhere under the adaptive heuristic.
        ushort[] samples = new ushort[w * h * type.Channels()];
        for (int i = 0; i < samples.Length; i++)
        {
            int ramp = (int)((long)i * 7919 % limit);
            samples[i] = (ushort)(rng.Next(3) == 0 ? rng.Next(limit) : ramp);
        }

        return new PngImage(w, h, type, depth, samples, palette);
    }

    /// <summary>A copy with IHDR fields replaced and its CRC recomputed.</summary>
    internal static byte[] WithIhdr(byte[] png, int? width = null, int? height = null, int? depth = null, int? colorType = null)
    {
        byte[] copy = (byte[])png.Clone();
        var body = copy.AsSpan(16, 13);
        if (width is { } w)
        {
            BinaryPrimitives.WriteInt32BigEndian(body, w);
        }

        if (height is { } h)
        {
            BinaryPrimitives.WriteInt32BigEndian(body[4..], h);
        }

        body[8] = (byte)(depth ?? body[8]);
        body[9] = (byte)(colorType ?? body[9]);
        FixCrc(copy, 8);
        return copy;
    }

    /// <summary>Recomputes the CRC of the chunk starting at <paramref name="at"/>.</summary>
    internal static void FixCrc(byte[] png, int at)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        uint crc = PngCrc.Compute(png.AsSpan(at + 4, 4), png.AsSpan(at + 8, length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + length), crc);
    }

    private static byte[] InsertChunk(byte[] png, string type, byte[] body)
    {
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        body.CopyTo(chunk, 8);
        FixCrc(chunk, 0);
        return [.. png[..33], .. chunk, .. png[33..]]; // after the signature and IHDR
    }

    private static int CountChunks(byte[] png, string type)
    {
        int count = 0;
        for (int pos = 8; pos + 8 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            if (System.Text.Encoding.ASCII.GetString(png, pos + 4, 4) == type)
            {
                count++;
            }

            pos += 12 + length;
        }

        return count;
    }
}
