namespace Facebench.Plotting.Statistics;

/// <summary>
/// The empirical cumulative distribution function F̂(x) = #{xᵢ ≤ x} / n of the finite values (van der Vaart 1998,
/// "Asymptotic Statistics", §19.1), as the corner points of its step graph.
/// </summary>
public static class EmpiricalCdf
{
    /// <summary>
    /// Corner points for a horizontal-then-vertical step line: (x₍₁₎, 0), then (x₍ᵢ₎, i/n) for each sorted value, so
    /// that joining them with horizontal-first steps draws F̂ exactly (ties rise by their multiplicity at once).
    /// Empty arrays when there are no finite values.
    /// </summary>
    public static (double[] Xs, double[] Ys) Steps(IEnumerable<double> values)
    {
        double[] sorted = Descriptive.SortedFinite(values);
        if (sorted.Length == 0)
        {
            return ([], []);
        }

        var xs = new double[sorted.Length + 1];
        var ys = new double[sorted.Length + 1];
        xs[0] = sorted[0];
        for (int i = 0; i < sorted.Length; i++)
        {
            xs[i + 1] = sorted[i];
            ys[i + 1] = (i + 1.0) / sorted.Length;
        }

        return (xs, ys);
    }

    /// <summary>F̂(<paramref name="x"/>) of ascending-sorted finite values (0 for an empty sample).</summary>
    public static double At(ReadOnlySpan<double> sorted, double x)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        // Count of values ≤ x by binary search for the first value > x.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (double)lo / sorted.Length;
    }
}
