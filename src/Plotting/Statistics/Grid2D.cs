namespace Facebench.Plotting.Statistics;

/// <summary>Scalar values sampled on a regular rectilinear grid.</summary>
public sealed class Grid2D
{
    /// <summary>Creates a grid; <paramref name="values"/> is row-major: value (i, j) is at j·Xs.Length + i.</summary>
    public Grid2D(double[] xs, double[] ys, double[] values)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != xs.Length * ys.Length)
        {
            throw new ArgumentException($"Expected {xs.Length * ys.Length} values for a {xs.Length}×{ys.Length} grid, got {values.Length}.", nameof(values));
        }

        Xs = xs;
        Ys = ys;
        Values = values;
    }

    /// <summary>Node X coordinates, ascending.</summary>
    public double[] Xs { get; }

    /// <summary>Node Y coordinates, ascending.</summary>
    public double[] Ys { get; }

    /// <summary>Row-major node values.</summary>
    public double[] Values { get; }

    /// <summary>Number of columns.</summary>
    public int NX => Xs.Length;

    /// <summary>Number of rows.</summary>
    public int NY => Ys.Length;

    /// <summary>Value at column <paramref name="i"/>, row <paramref name="j"/>.</summary>
    public double this[int i, int j] => Values[(j * Xs.Length) + i];

    /// <summary>Area of one grid cell, assuming uniform spacing (0 for a degenerate grid).</summary>
    public double CellArea => NX < 2 || NY < 2 ? 0 : (Xs[1] - Xs[0]) * (Ys[1] - Ys[0]);

    /// <summary>Riemann-sum integral of the values over the grid (sum × cell area).</summary>
    public double Integrate()
    {
        double sum = 0;
        foreach (double v in Values)
        {
            sum += v;
        }

        return sum * CellArea;
    }
}
