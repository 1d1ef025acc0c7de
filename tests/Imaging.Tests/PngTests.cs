using System.Buffers.Binary;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Imaging.Tests;

/// <summary>
/// PNG decoding through SkiaSharp on every colour type, bit depth and interlacing that other programs write, the
/// conversion rules to 8 bits, PNG writing, and damaged files.
/// </summary>
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
    public void Decodes_every_colour_type_bit_depth_and_interlacing(PngColorType type, int depth, bool interlaced)
    {
        // Odd sizes leave some Adam7 passes empty or one pixel wide, and sub-byte rows end mid-byte.
        foreach (var (w, h) in new[] { (1, 1), (3, 2), (13, 7), (37, 29) })
        {
            var (samples, palette) = PngFixtureWriter.RandomSamples(w, h, type, depth, seed: (w * 31) + h + depth);
            byte[] png = PngFixtureWriter.Write(w, h, type, depth, samples, palette, interlaced);
            var decoded = ImageCodec.Decode(png, "variant.png");
            var expected = Expected(w, h, type, depth, samples, palette);
            Assert.Equal((w, h, expected.Format), (decoded.Width, decoded.Height, decoded.Format));
            Assert.Equal(expected.Pixels, decoded.Pixels);
        }
    }

    [Fact]
    public void Transparency_keys_and_gamma_chunks_do_not_change_the_samples()
    {
        // A gray tRNS key, an RGB tRNS key, a palette with alpha entries and a gAMA of 1.0 (which a colour-managed
        // decoder would turn into a visible brightening): the decoded samples stay the file's own.
        var (gray, _) = PngFixtureWriter.RandomSamples(9, 5, PngColorType.Gray, 8, seed: 1);
        byte[] key = [0, (byte)gray[0]];
        Assert.Equal(Expected(9, 5, PngColorType.Gray, 8, gray, null).Pixels, ImageCodec.Decode(PngFixtureWriter.Write(9, 5, PngColorType.Gray, 8, gray, null, false, ("tRNS", key), ("gAMA", [0, 1, 0x86, 0xA0]))).Pixels);

        var (rgb, _) = PngFixtureWriter.RandomSamples(9, 5, PngColorType.Rgb, 8, seed: 2);
        byte[] rgbKey = [0, (byte)rgb[0], 0, (byte)rgb[1], 0, (byte)rgb[2]];
        Assert.Equal(Expected(9, 5, PngColorType.Rgb, 8, rgb, null).Pixels, ImageCodec.Decode(PngFixtureWriter.Write(9, 5, PngColorType.Rgb, 8, rgb, null, false, ("tRNS", rgbKey))).Pixels);

        var (indices, palette) = PngFixtureWriter.RandomSamples(9, 5, PngColorType.Indexed, 4, seed: 3);
        var decoded = ImageCodec.Decode(PngFixtureWriter.Write(9, 5, PngColorType.Indexed, 4, indices, palette, false, ("tRNS", [0, 10, 128, 255])));
        Assert.Equal(Expected(9, 5, PngColorType.Indexed, 4, indices, palette).Pixels, decoded.Pixels);
    }

    [Fact]
    public void Sixteen_bit_samples_keep_their_high_byte()
    {
        // libpng's strip-16, which OpenCV's imread also applies for 8-bit output. The previous managed decoder rounded
        // v * 255 / 65535 instead (255 -> 1 there, 0 here): the one difference found between the two decoders.
        var image = ImageCodec.Decode(PngFixtureWriter.Write(5, 1, PngColorType.Gray, 16, [0, 255, 256, 32895, 65535]));
        Assert.Equal(new byte[] { 0, 0, 1, 128, 255 }, image.Pixels);
    }

    [Fact]
    public void Writes_lossless_deterministic_gray_and_RGB_files()
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
            byte[] file = File.ReadAllBytes(path);
            Assert.Equal(format == PixelFormat.Gray8 ? 0 : 2, file[25]); // IHDR colour type: gray or RGB, 8 bits
            Assert.Equal(8, file[24]);
            Assert.Equal(file, ImageCodec.EncodePng(image));
            var loaded = ImageCodec.Load(path);
            Assert.Equal((image.Width, image.Height, image.Format), (loaded.Width, loaded.Height, loaded.Format));
            Assert.Equal(image.Pixels, loaded.Pixels);
            Assert.Equal(new ImageSize(41, 17), ImageCodec.ReadSize(path));
            Assert.Equal(new ImageSize(41, 17), ImageHeader.ReadSize(path));
        }
    }

    [Fact]
    public void Truncated_PNGs_are_errors_naming_the_file()
    {
        var (samples, _) = PngFixtureWriter.RandomSamples(40, 30, PngColorType.Rgb, 8, seed: 1);
        foreach (bool interlaced in new[] { false, true })
        {
            byte[] good = PngFixtureWriter.Write(40, 30, PngColorType.Rgb, 8, samples, null, interlaced);
            Assert.Equal(40, ImageCodec.Decode(good).Width);
            // Cut in the header, inside the image data, and inside the final IEND chunk (libpng itself never reads it).
            foreach (int length in new[] { 8, 20, 40, good.Length / 2, good.Length - 20, good.Length - 12, good.Length - 1 })
            {
                AssertBad(good[..length], "truncated");
            }
        }
    }

    [Fact]
    public void Corrupt_PNGs_are_errors_naming_the_file()
    {
        var (samples, _) = PngFixtureWriter.RandomSamples(20, 10, PngColorType.Rgb, 8, seed: 1);
        byte[] good = PngFixtureWriter.Write(20, 10, PngColorType.Rgb, 8, samples);
        AssertBad([], "empty");
        AssertBad([0x89, 0x50, 0x4E, 0x47], "truncated");

        byte[] badCrc = (byte[])good.Clone();
        badCrc[good.Length - 30] ^= 0x10; // inside IDAT
        AssertBad(badCrc, "corrupt");

        byte[] badData = (byte[])good.Clone();
        int idat = IndexOfChunk(good, "IDAT");
        badData.AsSpan(idat + 10, 20).Fill(0xA5); // damaged deflate stream behind a valid CRC
        PngFixtureWriter.FixCrc(badData, idat);
        AssertBad(badData, "corrupt");

        AssertBad(WithIhdr(good, width: 0, height: 10), "");
        AssertBad(WithIhdr(good, width: 20000, height: 10000), "too short");
        AssertBad(WithIhdr(good, width: 30000, height: 30000), "beyond");
        AssertBad(WithIhdr(good, depth: 3), "");
        AssertBad(WithIhdr(good, colorType: 5), "");
    }

    [Fact]
    public void Ancillary_chunks_are_skipped()
    {
        var (samples, _) = PngFixtureWriter.RandomSamples(20, 10, PngColorType.Rgb, 8, seed: 4);
        byte[] png = PngFixtureWriter.Write(20, 10, PngColorType.Rgb, 8, samples, null, false, ("tEXt", "Comment\0made by a test"u8.ToArray()));
        Assert.Equal(Expected(20, 10, PngColorType.Rgb, 8, samples, null).Pixels, ImageCodec.Decode(png).Pixels);
    }

    /// <summary>
    /// The documented conversion to 8 bits: gray and gray + alpha to Gray8, the rest to Rgb24; alpha dropped;
    /// palettes expanded; depths below 8 scaled by bit replication (v × 255 / (2^depth − 1), exact); 16-bit samples
    /// to their high byte.
    /// </summary>
    internal static ImageBuffer Expected(int w, int h, PngColorType type, int depth, ushort[] samples, byte[]? palette)
    {
        bool gray = type is PngColorType.Gray or PngColorType.GrayAlpha;
        int channels = type.Channels(), outChannels = gray ? 1 : 3;
        byte[] pixels = new byte[w * h * outChannels];
        for (int i = 0; i < w * h; i++)
        {
            for (int c = 0; c < outChannels; c++)
            {
                int v = samples[(i * channels) + (type == PngColorType.Indexed ? 0 : c)];
                pixels[(i * outChannels) + c] = type == PngColorType.Indexed ? palette![(3 * v) + c]
                    : depth == 16 ? (byte)(v >> 8)
                    : (byte)(v * 255 / ((1 << depth) - 1));
            }
        }

        return new ImageBuffer(w, h, gray ? PixelFormat.Gray8 : PixelFormat.Rgb24, pixels);
    }

    private static void AssertBad(byte[] data, string expected)
    {
        var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(data, "bad.png"));
        Assert.StartsWith("bad.png: ", e.Message);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A copy with IHDR fields replaced and its CRC recomputed.</summary>
    private static byte[] WithIhdr(byte[] png, int? width = null, int? height = null, int? depth = null, int? colorType = null)
    {
        byte[] copy = (byte[])png.Clone();
        var body = copy.AsSpan(16, 13);
        BinaryPrimitives.WriteInt32BigEndian(body, width ?? BinaryPrimitives.ReadInt32BigEndian(body));
        BinaryPrimitives.WriteInt32BigEndian(body[4..], height ?? BinaryPrimitives.ReadInt32BigEndian(body[4..]));
        body[8] = (byte)(depth ?? body[8]);
        body[9] = (byte)(colorType ?? body[9]);
        PngFixtureWriter.FixCrc(copy, 8);
        return copy;
    }

    internal static int IndexOfChunk(byte[] png, string type)
    {
        for (int pos = 8; pos + 8 <= png.Length; pos += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos)))
        {
            if (System.Text.Encoding.ASCII.GetString(png, pos + 4, 4) == type)
            {
                return pos;
            }
        }

        throw new InvalidOperationException($"no {type} chunk");
    }
}
