using Facebench.Plotting.Statistics;

namespace Facebench.Plotting.Tests;

public class MarchingSquaresTests
{
    private static Grid2D Sample(Func<double, double, double> f, double min, double max, int n)
    {
        double[] axis = Enumerable.Range(0, n).Select(i => min + ((max - min) * i / (n - 1))).ToArray();
        var values = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                values[(j * n) + i] = f(axis[i], axis[j]);
            }
        }

        return new Grid2D(axis, (double[])axis.Clone(), values);
    }

    [Fact]
    public void Circular_bump_gives_one_closed_circle_at_the_level_radius()
    {
        Grid2D grid = Sample((x, y) => Math.Exp(-((x * x) + (y * y))), -3, 3, 61);
        List<Contour> contours = MarchingSquares.Contours(grid, Math.Exp(-1)); // radius 1
        Contour c = Assert.Single(contours);
        Assert.True(c.IsClosed);
        Assert.True(c.Points.Length > 20);
        Assert.All(c.Points, p => Assert.InRange(Math.Sqrt((p.X * p.X) + (p.Y * p.Y)), 0.98, 1.02));
    }

    [Fact]
    public void Two_bumps_give_two_closed_contours()
    {
        Grid2D grid = Sample((x, y) => Math.Exp(-(((x - 2) * (x - 2)) + (y * y))) + Math.Exp(-(((x + 2) * (x + 2)) + (y * y))), -5, 5, 81);
        List<Contour> contours = MarchingSquares.Contours(grid, 0.5);
        Assert.Equal(2, contours.Count);
        Assert.All(contours, c => Assert.True(c.IsClosed));
        Assert.Contains(contours, c => c.Points.All(p => p.X > 0));
        Assert.Contains(contours, c => c.Points.All(p => p.X < 0));
    }

    [Fact]
    public void Ring_gives_inner_and_outer_contours()
    {
        Grid2D grid = Sample((x, y) => Math.Exp(-4 * Math.Pow(Math.Sqrt((x * x) + (y * y)) - 2, 2)), -4, 4, 81);
        List<Contour> contours = MarchingSquares.Contours(grid, 0.5);
        Assert.Equal(2, contours.Count);
        double[] radii = contours.Select(c => c.Points.Average(p => Math.Sqrt((p.X * p.X) + (p.Y * p.Y)))).Order().ToArray();
        Assert.InRange(radii[0], 1.5, 1.7);
        Assert.InRange(radii[1], 2.3, 2.5);
    }

    [Fact]
    public void Region_cut_by_the_grid_border_is_still_closed_along_the_border()
    {
        Grid2D grid = Sample((x, y) => x, 0, 1, 11); // v >= 0.5 is the right half, touching three borders
        Contour c = Assert.Single(MarchingSquares.Contours(grid, 0.5));
        Assert.True(c.IsClosed);
        Assert.Contains(c.Points, p => p.X == 1 && p.Y == 0);
        Assert.All(c.Points, p => Assert.InRange(p.X, 0.5 - 1e-12, 1));
    }

    [Fact]
    public void Level_above_everything_or_nan_gives_nothing()
    {
        Grid2D grid = Sample((x, y) => x + y, 0, 1, 5);
        Assert.Empty(MarchingSquares.Contours(grid, 10));
        Assert.Empty(MarchingSquares.Contours(grid, double.NaN));
    }
}
