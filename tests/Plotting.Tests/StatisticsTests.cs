using Facebench.Plotting.Statistics;

namespace Facebench.Plotting.Tests;

public class StatisticsTests
{
    [Fact]
    public void Kde_integrates_to_one_on_its_grid()
    {
        var rng = new TestData(5);
        double[] xs = rng.Normals(500, 3, 2);
        double[] ys = rng.Normals(500, -1, 0.5);
        var kde = new KernelDensity2D(xs, ys);
        Grid2D grid = kde.EvaluateGrid(120, 120);
        Assert.InRange(grid.Integrate(), 0.99, 1.01);
    }

    [Fact]
    public void Kde_grid_agrees_with_pointwise_evaluation_and_peaks_near_the_mean()
    {
        var rng = new TestData(6);
        double[] xs = rng.Normals(400, 1, 1);
        double[] ys = rng.Normals(400, 2, 1);
        var kde = new KernelDensity2D(xs, ys);
        Grid2D grid = kde.EvaluateGrid(-3, 5, -2, 6, 41, 41);
        // The grid truncates kernels at 4 bandwidths, so it agrees with the exact sum to ~1e-4 relative.
        double exact = kde.Evaluate(grid.Xs[17], grid.Ys[23]);
        Assert.InRange(grid[17, 23], exact * 0.999, exact);
        int argMax = Array.IndexOf(grid.Values, grid.Values.Max());
        Assert.InRange(grid.Xs[argMax % 41], 0.2, 1.8);
        Assert.InRange(grid.Ys[argMax / 41], 1.2, 2.8);
    }

    [Fact]
    public void Scott_bandwidth_is_sigma_times_n_to_minus_one_sixth_and_matches_Silverman_in_2d()
    {
        double[] xs = [0, 1, 2, 3, 4, 5, 6, 7];
        double[] ys = [0, 2, 4, 6, 8, 10, 12, 14];
        (_, double sx) = Descriptive.MeanAndStdDev(xs);
        var scott = new KernelDensity2D(xs, ys, BandwidthRule.Scott);
        var silverman = new KernelDensity2D(xs, ys, BandwidthRule.Silverman);
        Assert.Equal(sx * Math.Pow(8, -1.0 / 6), scott.BandwidthX, 12);
        Assert.Equal(2 * scott.BandwidthX, scott.BandwidthY, 12);
        Assert.Equal(scott.BandwidthX, silverman.BandwidthX, 12);
    }

    [Fact]
    public void Kde_skips_non_finite_points()
    {
        var kde = new KernelDensity2D([0, 1, double.NaN, 2, 3], [0, 1, 5, double.PositiveInfinity, 3]);
        Assert.Equal(3, kde.Count);
        Assert.True(double.IsFinite(kde.BandwidthX) && kde.BandwidthX > 0);
    }

    [Fact]
    public void Highest_density_thresholds_enclose_the_requested_mass()
    {
        var rng = new TestData(8);
        var kde = new KernelDensity2D(rng.Normals(300), rng.Normals(300));
        Grid2D grid = kde.EvaluateGrid(80, 80);
        double[] t = DensityLevels.HighestDensityThresholds(grid, [0.5, 0.9]);
        double total = grid.Values.Sum();
        Assert.InRange(grid.Values.Where(v => v >= t[0]).Sum() / total, 0.5, 0.53);
        Assert.InRange(grid.Values.Where(v => v >= t[1]).Sum() / total, 0.9, 0.92);
        Assert.True(t[0] > t[1]);
    }

    [Fact]
    public void Histogram_counts_sum_to_the_number_of_finite_values()
    {
        var rng = new TestData(12);
        double[] values = [.. rng.Normals(997), double.NaN, double.NegativeInfinity];
        foreach (HistogramBins bins in new[]
                 {
                     HistogramBins.Compute(values),
                     HistogramBins.Compute(values, binCount: 13),
                     HistogramBins.Compute(values, binWidth: 0.3),
                 })
        {
            Assert.Equal(997, bins.Total);
            Assert.Equal(bins.Edges.Length - 1, bins.Counts.Length);
        }

        Assert.Equal(13, HistogramBins.Compute(values, binCount: 13).Counts.Length);
        HistogramBins byWidth = HistogramBins.Compute([0.05, 0.31, 0.95], binWidth: 0.25);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1.0], byWidth.Edges);
        Assert.Equal([1, 1, 0, 1], byWidth.Counts);
    }

    [Fact]
    public void Histogram_with_given_edges_counts_only_values_inside_them()
    {
        HistogramBins bins = HistogramBins.WithEdges([0.5, 1, 1.5, 2.5, 3, 7, double.NaN], [1, 2, 3]);
        Assert.Equal([1.0, 2, 3], bins.Edges);
        Assert.Equal([2, 2], bins.Counts); // 1 and 1.5 | 2.5 and 3 (the last bin holds its right edge)
        Assert.Equal([0, 0], HistogramBins.WithEdges([], [1, 2, 3]).Counts);
    }

    [Fact]
    public void Histogram_of_equal_values_has_one_bin_and_of_nothing_has_none()
    {
        Assert.Equal([5], HistogramBins.Compute([2, 2, 2, 2, 2]).Counts);
        Assert.Empty(HistogramBins.Compute([double.NaN]).Counts);
    }

    [Fact]
    public void Ecdf_steps_rise_by_one_over_n_per_value_and_count_ties_at_once()
    {
        (double[] xs, double[] ys) = EmpiricalCdf.Steps([3, 1, 2, 2, double.NaN, 5]);
        Assert.Equal([1.0, 1, 2, 2, 3, 5], xs);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], ys.Select(y => Math.Round(y, 12)));
        double[] sorted = [1, 2, 2, 3, 5];
        Assert.Equal(0, EmpiricalCdf.At(sorted, 0.5));
        Assert.Equal(0.6, EmpiricalCdf.At(sorted, 2), 12);
        Assert.Equal(0.6, EmpiricalCdf.At(sorted, 2.9), 12);
        Assert.Equal(1, EmpiricalCdf.At(sorted, 100));
        Assert.Empty(EmpiricalCdf.Steps([double.NaN]).Xs);
    }

    [Fact]
    public void Quantiles_follow_definition_7()
    {
        double[] s = [1, 2, 3, 4];
        Assert.Equal(1.75, Descriptive.Quantile(s, 0.25), 12);
        Assert.Equal(2.5, Descriptive.Quantile(s, 0.5), 12);
        Assert.Equal(4, Descriptive.Quantile(s, 1), 12);
        Assert.True(double.IsNaN(Descriptive.Quantile([], 0.5)));
    }

    [Fact]
    public void Box_statistics_put_whiskers_at_the_last_point_inside_1_5_iqr()
    {
        BoxStatistics b = BoxStatistics.Compute([1, 2, 3, 4, 5, 6, 7, 8, 9, 100, double.NaN]);
        Assert.Equal(10, b.Count);
        Assert.Equal(3.25, b.Q1, 12);
        Assert.Equal(5.5, b.Median, 12);
        Assert.Equal(7.75, b.Q3, 12);
        Assert.Equal(1, b.WhiskerLow);
        Assert.Equal(9, b.WhiskerHigh);
        Assert.Equal([100.0], b.Outliers);
    }
}
