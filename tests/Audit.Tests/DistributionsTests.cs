using Facebench.Distributions;

namespace Facebench.Audit.Tests;

public sealed class DistributionsTests
{
    [Fact]
    public void Total_variation_and_kl_match_hand_computed_values()
    {
        var p = new Dictionary<string, double> { ["A"] = 0.8, ["B"] = 0.2 };
        var q = new Dictionary<string, double> { ["A"] = 1, ["B"] = 1 }; // normalised to 0.5 / 0.5
        Assert.Equal(0.3, CategoricalDistance.TotalVariation(p, q), 12);
        Assert.Equal((0.8 * Math.Log(1.6)) + (0.2 * Math.Log(0.4)), CategoricalDistance.KullbackLeibler(p, q), 12);
        Assert.Equal(0, CategoricalDistance.TotalVariation(q, q), 12);
        Assert.True(double.IsPositiveInfinity(CategoricalDistance.KullbackLeibler(q, new Dictionary<string, double> { ["A"] = 1 })));
    }

    [Fact]
    public void Mmd_gradient_matches_finite_differences_and_vanishes_on_the_target()
    {
        var random = new Random(3);
        double[][] target = [.. Enumerable.Range(0, 12).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() })];
        double[][] x = [.. Enumerable.Range(0, 9).Select(_ => new[] { random.NextDouble() + 1, random.NextDouble(), random.NextDouble() })];
        var mmd = new GaussianKernelMmd(target, [0.5, 1.0]);
        double[][] gradient = [.. x.Select(_ => new double[3])];
        double value = mmd.SquaredWithGradient(x, gradient);
        Assert.Equal(mmd.Squared(x), value, 12);
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i += 4)
        {
            for (int c = 0; c < 3; c++)
            {
                x[i][c] += h;
                double up = mmd.Squared(x);
                x[i][c] -= 2 * h;
                double down = mmd.Squared(x);
                x[i][c] += h;
                Assert.Equal((up - down) / (2 * h), gradient[i][c], 6);
            }
        }

        Assert.Equal(0, mmd.Squared(target), 12);
    }

    [Fact]
    public void Stratified_resampling_meets_the_target_and_flags_repeats()
    {
        string[] labels = [.. Enumerable.Repeat("A", 90), .. Enumerable.Repeat("B", 10)];
        List<ResampledItem> drawn = StratifiedResampling.Resample(labels, new Dictionary<string, double> { ["A"] = 0.5, ["B"] = 0.5 }, 30, seed: 1);
        Assert.Equal(15, drawn.Count(d => labels[d.Index] == "A"));
        Assert.Equal(15, drawn.Count(d => labels[d.Index] == "B"));
        Assert.Equal(5, drawn.Count(d => d.Duplicate));
        Assert.Equal(10, drawn.Where(d => labels[d.Index] == "B" && !d.Duplicate).Select(d => d.Index).Distinct().Count());
        Assert.Equal(drawn, StratifiedResampling.Resample(labels, new Dictionary<string, double> { ["A"] = 0.5, ["B"] = 0.5 }, 30, seed: 1));
        double[] w = StratifiedResampling.ImportanceWeights(labels, new Dictionary<string, double> { ["A"] = 1, ["B"] = 1 });
        Assert.Equal(1, w.Average(), 12);
        Assert.Equal(9, w[^1] / w[0], 9);
        var error = Assert.Throws<ArgumentException>(() => StratifiedResampling.Resample(labels, new Dictionary<string, double> { ["C"] = 1 }, 4, 1));
        Assert.Contains("categories present: A, B", error.Message);
    }

    [Fact]
    public void Principal_projection_finds_the_direction_of_largest_spread()
    {
        var random = new Random(5);
        double[][] points = [.. Enumerable.Range(0, 200).Select(_ => { double t = (random.NextDouble() * 10) - 5; return new[] { t, t, 0.01 * random.NextDouble() }; })];
        var projection = PrincipalProjection.Fit(points);
        Assert.True(projection.ExplainedVariance[0] > 0.99);
        double[] p = projection.Project([1, 1, 0]);
        Assert.Equal(Math.Sqrt(2), Math.Abs(p[0] - projection.Project([0, 0, 0])[0]), 3);
    }
}
