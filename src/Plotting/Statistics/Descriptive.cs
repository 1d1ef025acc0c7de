namespace Facebench.Plotting.Statistics;

/// <summary>Basic descriptive statistics over finite values (NaN and infinities are ignored).</summary>
public static class Descriptive
{
    /// <summary>The finite values of <paramref name="values"/>, sorted ascending, in a new array.</summary>
    public static double[] SortedFinite(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values is IReadOnlyCollection<double> c ? new List<double>(c.Count) : [];
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                list.Add(v);
            }
        }

        double[] sorted = [.. list];
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// Quantile <paramref name="p"/> (0..1) of ascending-sorted data by linear interpolation between order
    /// statistics — Hyndman &amp; Fan definition 7, the default of R and NumPy. NaN for empty input.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty || double.IsNaN(p))
        {
            return double.NaN;
        }

        double h = (sorted.Length - 1) * Math.Clamp(p, 0, 1);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>Arithmetic mean and sample standard deviation (n - 1 denominator) via Welford's online algorithm.</summary>
    public static (double Mean, double StdDev) MeanAndStdDev(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double mean = 0;
        double m2 = 0;
        int n = 0;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                continue;
            }

            n++;
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }

        return n switch
        {
            0 => (double.NaN, double.NaN),
            1 => (mean, double.NaN),
            _ => (mean, Math.Sqrt(m2 / (n - 1))),
        };
    }
}
