namespace Facebench.Plotting.Statistics;

/// <summary>Contour thresholds for density grids.</summary>
public static class DensityLevels
{
    /// <summary>
    /// Highest-density-region thresholds: for each probability p, the density t such that the region {f ≥ t}
    /// holds a fraction p of the grid's total mass (Hyndman 1996, "Computing and graphing highest density
    /// regions"). Larger p gives a lower threshold and a bigger region. Returns NaN where the grid is all zero.
    /// </summary>
    public static double[] HighestDensityThresholds(Grid2D grid, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(probabilities);
        var result = new double[probabilities.Count];
        double[] sorted = (double[])grid.Values.Clone();
        Array.Sort(sorted);
        double total = 0;
        foreach (double v in sorted)
        {
            total += v;
        }

        if (!(total > 0))
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        for (int k = 0; k < result.Length; k++)
        {
            double target = Math.Clamp(probabilities[k], 0, 1) * total;
            double cumulative = 0;
            double threshold = sorted[^1];
            for (int i = sorted.Length - 1; i >= 0; i--)
            {
                cumulative += sorted[i];
                threshold = sorted[i];
                if (cumulative >= target)
                {
                    break;
                }
            }

            result[k] = threshold;
        }

        return result;
    }
}
