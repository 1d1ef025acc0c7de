using Facebench.Testing;
using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Landmarks.Ert;

namespace Facebench.Landmarks.Tests;

/// <summary>The .dat reader: the encoding examples of the spec, a synthetic model, bad files, and fuzzing.</summary>
public sealed class ModelReaderTests
{
    [Fact]
    public void Reads_the_spec_examples_of_the_portable_encoding()
    {
        var r = new DlibReader([0x01, 0x01, 0x81, 0x88, 0x81, 0x01, 0x02, 0xF4, 0x01, 0x01, 0x00, 0x03, 0x4D, 0x38, 0xF1, 0x81, 0x1D], null);
        Assert.Equal(1, r.ReadInt64("a"));
        Assert.Equal(-136, r.ReadInt64("b"));
        Assert.Equal(-1, r.ReadInt64("c"));
        Assert.Equal(500, r.ReadInt64("d"));
        Assert.Equal(0, r.ReadInt64("e"));
        Assert.Equal(0xF1384D * Math.Pow(2, -29), r.ReadSingle("f"), 12);
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Float_encoding_round_trips_through_the_writer()
    {
        float[] values = [0f, 1f, -1f, 0.0294457916f, 3.5e-7f, -123456.7f, float.Epsilon * 1000, 1e30f];
        var w = new DlibWriter();
        foreach (float v in values)
        {
            w.Float(v);
        }

        var r = new DlibReader(w.ToArray(), null);
        foreach (float v in values)
        {
            Assert.Equal(v, r.ReadSingle("v"));
        }
    }

    [Fact]
    public void Reads_a_small_synthetic_model_and_predicts_finite_points()
    {
        var model = ShapePredictorModel.Read(DlibWriter.SmallModel(1));
        Assert.Equal((5, 3, 4, 6, 3), (model.LandmarkCount, model.CascadeCount, model.TreesPerCascade, model.FeaturesPerCascade, model.SplitsPerTree));
        var image = new ImageBuffer(32, 24, PixelFormat.Gray8, [.. Enumerable.Range(0, 32 * 24).Select(i => (byte)(i * 7))]);
        var points = new ShapePredictor(model).Predict(image, new BoundingBox(4, 3, 20, 15));
        Assert.All(points, p => Assert.True(p.IsValid));
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 0x01, 0x02 }, "version")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "control byte")]
    [InlineData(new byte[] { 0x01, 0x01, 0x81, 0x88 }, "truncated")]
    public void Rejects_files_that_are_not_shape_predictors(byte[] data, string expected)
    {
        var e = Assert.Throws<PluginInputException>(() => ShapePredictorModel.Read(data, "bad.dat"));
        Assert.Contains("bad.dat", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_forged_count_fails_before_allocating()
    {
        // version 1, a 2-value initial shape, then 2^40 cascades.
        byte[] data = new DlibWriter().Int(1).Column([0.5f, 0.5f]).Int(1L << 40).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<PluginInputException>(() => ShapePredictorModel.Read(data, "forged.dat"));
        Assert.Contains("cascade count", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Trailing_bytes_are_an_error()
    {
        byte[] data = [.. DlibWriter.SmallModel(2), 0x01, 0x00];
        Assert.Contains("follow", Assert.Throws<PluginInputException>(() => ShapePredictorModel.Read(data)).Message);
    }

    /// <summary>
    /// Mutated and truncated synthetic models: every outcome is a model or a <see cref="PluginInputException"/>;
    /// nothing else escapes, nothing hangs, and no input allocates more than a bounded multiple of its size.
    /// </summary>
    [Fact]
    public void Fuzzing_the_reader_gives_only_typed_errors()
    {
        var rng = new Random(20240521);
        byte[] seed = DlibWriter.SmallModel(3);
        var clock = Stopwatch.StartNew();
        int accepted = 0, rejected = 0;
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            byte[] input = Mutate(seed, rng);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var model = ShapePredictorModel.Read(input, "fuzz.dat");
                var image = new ImageBuffer(16, 16, PixelFormat.Gray8, new byte[256]);
                _ = new ShapePredictor(model).Predict(image, new BoundingBox(2, 2, 10, 10));
                accepted++;
            }
            catch (PluginInputException)
            {
                rejected++;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (64L * input.Length) + (1 << 20), $"iteration {iteration} allocated {allocated} bytes for a {input.Length}-byte input");
        }

        Assert.True(rejected > 1000, $"only {rejected} of 4000 mutants rejected");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "fuzzing took too long: unbounded work?");
    }

    [AssetFact(DlibAssets.Model)]
    public void Truncated_copies_of_the_real_model_are_rejected()
    {
        byte[] data = File.ReadAllBytes(DlibAssets.Model);
        foreach (int length in new[] { 1, 2, 7, 1000, data.Length / 3, data.Length - 1 })
        {
            var e = Assert.Throws<PluginInputException>(() => ShapePredictorModel.Read(data.AsSpan(0, length), "cut.dat"));
            Assert.Contains("cut.dat", e.Message);
        }
    }

    [AssetFact(DlibAssets.Model)]
    public void Reads_the_Debian_model_layout()
    {
        var model = ShapePredictorModel.LoadShared(DlibAssets.Model);
        Assert.Equal((68, 15, 500, 500, 15, 16), (model.LandmarkCount, model.CascadeCount, model.TreesPerCascade, model.FeaturesPerCascade, model.SplitsPerTree, model.LeavesPerTree));
        Assert.Equal(0.0294457916f, model.GetInitialShape()[0]);
        Assert.Same(model, ShapePredictorModel.LoadShared(DlibAssets.Model));
    }

    [Fact]
    public void A_missing_model_names_the_file()
    {
        var e = Assert.Throws<PluginInputException>(() => ShapePredictorModel.Load("/nonexistent/model.dat"));
        Assert.Contains("/nonexistent/model.dat", e.Message);
    }

    internal static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = new List<byte>(seed);
        int edits = 1 + rng.Next(4);
        for (int i = 0; i < edits && bytes.Count > 0; i++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes[at] = (byte)rng.Next(256); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.Insert(at, (byte)rng.Next(256)); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                default: bytes[at] = rng.Next(2) == 0 ? (byte)0xFF : (byte)0x08; break; // big lengths / counts
            }
        }

        return [.. bytes];
    }
}
