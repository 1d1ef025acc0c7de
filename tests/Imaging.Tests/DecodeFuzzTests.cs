using System.Buffers.Binary;
using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Testing;

namespace Facebench.Imaging.Tests;

/// <summary>
/// Mutation fuzzing of the decoder: raw byte mutations and, for PNG, chunk-aware mutations that recompute the CRC so
/// the damage reaches libpng's header checks, inflation, unfiltering and de-interlacing. Every outcome must be an
/// image or a <see cref="PluginInputException"/>, in bounded time and memory.
/// </summary>
public sealed class DecodeFuzzTests
{
    [Fact]
    public void Mutated_PNGs_give_only_typed_errors()
    {
        var rng = new Random(1234);
        var seeds = new List<byte[]>();
        foreach (var (type, depth) in new[] { (PngColorType.Rgb, 8), (PngColorType.Gray, 1), (PngColorType.Indexed, 4), (PngColorType.Rgba, 16), (PngColorType.GrayAlpha, 8) })
        {
            var (samples, palette) = PngFixtureWriter.RandomSamples(23, 17, type, depth, seed: depth);
            seeds.Add(PngFixtureWriter.Write(23, 17, type, depth, samples, palette));
            seeds.Add(PngFixtureWriter.Write(23, 17, type, depth, samples, palette, interlaced: true));
        }

        var (decoded, rejected) = Fuzz(seeds, 4000, rng, (seed, r) => r.Next(2) == 0 ? MutateBytes(seed, r) : MutateChunk(seed, r), "fuzz.png");
        Assert.True(rejected > 1000 && decoded > 100, $"decoded {decoded}, rejected {rejected}");
    }

    [SharedDataFact("data/dlib-faces/2008_001009.jpg")]
    public void Mutated_JPEGs_give_only_typed_errors()
    {
        byte[] photo = File.ReadAllBytes(RepositoryPaths.Shared("data/dlib-faces/2008_001009.jpg"));
        var (decoded, rejected) = Fuzz([photo], 300, new Random(99), MutateBytes, "fuzz.jpg");
        Assert.True(rejected > 50 && decoded > 10, $"decoded {decoded}, rejected {rejected}");
    }

    private static (int Decoded, int Rejected) Fuzz(List<byte[]> seeds, int count, Random rng, Func<byte[], Random, byte[]> mutate, string name)
    {
        var clock = Stopwatch.StartNew();
        int decoded = 0, rejected = 0;
        for (int i = 0; i < count; i++)
        {
            byte[] input = mutate(seeds[rng.Next(seeds.Count)], rng);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var image = ImageCodec.Decode(input, name);
                Assert.True(image.Width > 0 && image.Height > 0);
                decoded++;
            }
            catch (PluginInputException e)
            {
                Assert.StartsWith($"{name}: ", e.Message);
                rejected++;
            }

            // Work is bounded by the input: deflate expands at most ~1032:1, and a decoded 1-bit pixel becomes up to
            // 7 bytes on the way (4 in the RGBA scratch, 3 in the result), 8 pixels per byte.
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (60_000L * input.Length) + (4 << 20), $"input {i} ({input.Length} bytes) allocated {allocated} bytes");
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "fuzzing took too long: unbounded work?");
        return (decoded, rejected);
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

        PngFixtureWriter.FixCrc(png, at);
        return png;
    }
}
