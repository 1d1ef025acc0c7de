namespace Facebench.Plotting.Statistics;

/// <summary>Bin edges and counts of a histogram over finite values.</summary>
/// <param name="Edges">Bin edges, ascending; bin i is [Edges[i], Edges[i+1]) and the last bin also holds its right edge.</param>
/// <param name="Counts">Number of values per bin (length = Edges.Length - 1).</param>
public sealed record HistogramBins(double[] Edges, int[] Counts)
{
    /// <summary>Upper bound on the number of bins, protecting against absurd bin widths.</summary>
    public const int MaxBins = 10_000;

    /// <summary>Total number of binned values.</summary>
    public int Total => Counts.Sum();

    /// <summary>
    /// Bins the finite values. With <paramref name="binWidth"/>, edges are multiples of the width; with
    /// <paramref name="binCount"/>, the range min..max is split evenly; with neither, the bin width comes from the
    /// Freedman–Diaconis rule (2·IQR·n^(-1/3)), falling back to Sturges' rule (⌈log2 n⌉ + 1 bins) when the IQR is 0.
    /// All-equal data gets one bin of width 1 centred on the value; no data gives no bins.
    /// </summary>
    public static HistogramBins Compute(IEnumerable<double> values, int? binCount = null, double? binWidth = null)
    {
        if (binCount is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(binCount), "Bin count must be positive.");
        }

        if (binWidth is { } bw && !(bw > 0 && double.IsFinite(bw)))
        {
            throw new ArgumentOutOfRangeException(nameof(binWidth), "Bin width must be positive and finite.");
        }

        double[] s = Descriptive.SortedFinite(values);
        if (s.Length == 0)
        {
            return new HistogramBins([], []);
        }

        double min = s[0];
        double max = s[^1];
        double[] edges;
        if (max == min)
        {
            double w = binWidth ?? 1;
            edges = [min - (w / 2), min + (w / 2)];
        }
        else if (binWidth is { } width)
        {
            double start = Math.Floor(min / width) * width;
            long n = Math.Clamp((long)Math.Floor((max - start) / width) + 1, 1, MaxBins);
            edges = new double[n + 1];
            for (long i = 0; i <= n; i++)
            {
                edges[i] = start + (i * width);
            }
        }
        else
        {
            int n = binCount ?? DefaultBinCount(s);
            edges = new double[n + 1];
            for (int i = 0; i <= n; i++)
            {
                edges[i] = min + ((max - min) * i / n);
            }

            edges[n] = max;
        }

        return new HistogramBins(edges, Count(s, edges));
    }

    /// <summary>
    /// Counts the finite values into given bins (e.g. shared by two series drawn over each other); values outside
    /// the outer edges are not counted.
    /// </summary>
    public static HistogramBins WithEdges(IEnumerable<double> values, double[] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Length < 2)
        {
            throw new ArgumentException("At least two edges (one bin) are needed.", nameof(edges));
        }

        double[] inside = [.. Descriptive.SortedFinite(values).Where(v => v >= edges[0] && v <= edges[^1])];
        return new HistogramBins((double[])edges.Clone(), inside.Length == 0 ? new int[edges.Length - 1] : Count(inside, edges));
    }

    private static int DefaultBinCount(double[] sorted)
    {
        int n = sorted.Length;
        double iqr = Descriptive.Quantile(sorted, 0.75) - Descriptive.Quantile(sorted, 0.25);
        double range = sorted[^1] - sorted[0];
        if (iqr > 0)
        {
            double width = 2 * iqr / Math.Cbrt(n); // Freedman–Diaconis
            return (int)Math.Clamp(Math.Ceiling(range / width), 1, 200);
        }

        return (int)Math.Ceiling(Math.Log2(n)) + 1; // Sturges
    }

    private static int[] Count(double[] sorted, double[] edges)
    {
        int bins = edges.Length - 1;
        var counts = new int[bins];
        int b = 0;
        foreach (double v in sorted)
        {
            // Values just outside the outer edges (possible only through rounding) land in the outer bins.
            while (b < bins - 1 && v >= edges[b + 1])
            {
                b++;
            }

            counts[b]++;
        }

        return counts;
    }
}
