using System.Buffers.Binary;
using System.Diagnostics;
using Facebench.Contracts;

namespace Facebench.Imaging.Tests;

/// <summary>
/// Mutation fuzzing of the PNG reader: raw byte mutations (mostly caught by CRCs) and chunk-aware mutations that
/// recompute the CRC so the damage reaches IHDR validation, inflation, unfiltering and de-interlacing. Every
/// outcome must be an image or a <see cref="PluginInputException"/>, in bounded time and memory.
/// </summary>
public sealed class PngFuzzTests
{
    [Fact]
    public void Mutated_PNGs_give_only_typed_errors()
    {
        var rng = new Random(1234);
        var seeds = new List<byte[]>();
        foreach (var (type, depth) in new[] { (PngColorType.Rgb, 8), (PngColorType.Gray, 1), (PngColorType.Indexed, 4), (PngColorType.Rgba, 16), (PngColorType.GrayAlpha, 8) })
        {
            var image = PngTests.RandomImage(23, 17, type, depth, seed: depth);
            seeds.Add(PngEncoder.Encode(image));
            seeds.Add(PngEncoder.Encode(image, PngFilterMode.Paeth, interlaced: true));
        }

        var clock = Stopwatch.StartNew();
        int decoded = 0, rejected = 0;
        for (int i = 0; i < 6000; i++)
        {
            byte[] seed = seeds[rng.Next(seeds.Count)];
            byte[] input = i % 2 == 0 ? MutateBytes(seed, rng) : MutateChunk(seed, rng);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var image = ImageCodec.Decode(input, "fuzz.png");
                Assert.True(image.Width > 0 && image.Height > 0);
                decoded++;
            }
            catch (PluginInputException)
            {
                rejected++;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (2000L * input.Length) + (1 << 20), $"input {i} ({input.Length} bytes) allocated {allocated} bytes");
        }

        Assert.True(rejected > 2000 && decoded > 100, $"decoded {decoded}, rejected {rejected}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "fuzzing took too long: unbounded work?");
    }

    private static byte[] MutateBytes(byte[] seed, Random rng)
    {
        var bytes = new List<byte>(seed);
        for (int e = 1 + rng.Next(3); e > 0 && bytes.Count > 0; e--)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes[at] = (byte)rng.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.Insert(at, (byte)rng.Next(256)); break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Damages one chunk's body (IHDR, IDAT, PLTE...) and recomputes its CRC.</summary>
    private static byte[] MutateChunk(byte[] seed, Random rng)
    {
        byte[] png = (byte[])seed.Clone();
        var starts = new List<int>();
        for (int pos = 8; pos + 12 <= png.Length; pos += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos)))
        {
            starts.Add(pos);
        }

        int at = starts[rng.Next(starts.Count)];
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        if (length == 0)
        {
            return png;
        }

        for (int e = 1 + rng.Next(3); e > 0; e--)
        {
            int i = at + 8 + rng.Next(length);
            png[i] = rng.Next(3) switch
            {
                0 => (byte)(png[i] ^ (1 << rng.Next(8))),
                1 => (byte)rng.Next(256),
                _ => (byte)(rng.Next(2) == 0 ? 0 : 0xFF),
            };
        }

        PngTests.FixCrc(png, at);
        return png;
    }
}
