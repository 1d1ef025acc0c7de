using Facebench.Contracts;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>The plugins' random source: stable streams, independent keys, correct distributions.</summary>
public sealed class StableRandomTests
{
    [Fact]
    public void A_stream_is_fixed_by_seed_stream_and_key()
    {
        double[] a = Draw(StableRandom.For(7, "dataset.synthetic", "synthetic-000003"));
        double[] b = Draw(StableRandom.For(7, "dataset.synthetic", "synthetic-000003"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, Draw(StableRandom.For(8, "dataset.synthetic", "synthetic-000003")));
        Assert.NotEqual(a, Draw(StableRandom.For(7, "dataset.synthetic", "synthetic-000004")));
        Assert.NotEqual(a, Draw(StableRandom.For(7, "landmarks.annotated", "synthetic-000003")));
        Assert.NotEqual(a, Draw(StableRandom.For(7, "dataset.synthetic")));
    }

    [Fact]
    public void The_hash_separates_stream_from_key_and_reads_every_character()
    {
        Assert.NotEqual(StableRandom.Hash(1, "ab", "c"), StableRandom.Hash(1, "a", "bc"));
        Assert.NotEqual(StableRandom.Hash(1, "abc"), StableRandom.Hash(1, "ab", "c"));
        string longId = new('x', 300);
        Assert.NotEqual(StableRandom.Hash(1, "s", longId + "a"), StableRandom.Hash(1, "s", longId + "b"));
        Assert.NotEqual(StableRandom.Hash(1, "s", "é"), StableRandom.Hash(1, "s", "e"));
    }

    [Fact]
    public void The_plugin_context_hands_out_the_same_streams()
    {
        var context = new Facebench.Testing.TestPluginContext(seed: 11);
        Assert.Equal(Draw(StableRandom.For(11, "noise", "face-1")), Draw(context.Random("noise", "face-1")));
        Assert.Equal(Draw(StableRandom.For(11, "noise")), Draw(context.Random("noise")));
        Assert.InRange(context.DeriveSeed("noise"), 0, int.MaxValue);
        Assert.Equal(context.DeriveSeed("noise"), new Facebench.Testing.TestPluginContext(seed: 11).DeriveSeed("noise"));
    }

    [Fact]
    public void Uniform_integers_cover_the_range_evenly()
    {
        var random = new StableRandom(42);
        const int bins = 7, draws = 70_000;
        var counts = new int[bins];
        for (int i = 0; i < draws; i++)
        {
            counts[random.NextInt(bins)]++;
        }

        // χ² with 6 degrees of freedom: 22.5 is the 0.999 quantile.
        double expected = draws / (double)bins;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.InRange(chi2, 0, 22.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
        Assert.Equal(0, random.NextInt(1));
    }

    [Fact]
    public void Gaussians_have_mean_zero_and_unit_variance()
    {
        var random = new StableRandom(3);
        double[] x = [.. Enumerable.Range(0, 100_000).Select(_ => random.NextGaussian())];
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
        Assert.InRange(mean, -0.01, 0.01); // 3.2 standard errors
        Assert.InRange(variance, 0.985, 1.015);
        Assert.InRange(x.Count(v => Math.Abs(v) > 1.959964) / (double)x.Length, 0.047, 0.053);
    }

    [Fact]
    public void Shuffle_is_a_permutation_and_moves_items()
    {
        int[] items = [.. Enumerable.Range(0, 50)];
        new StableRandom(9).Shuffle(items.AsSpan());
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
    }

    private static double[] Draw(StableRandom random) => [.. Enumerable.Range(0, 16).Select(_ => random.NextDouble())];
}
