using Facebench.Contracts;

namespace Facebench.Evaluation;

/// <summary>A statistic with its confidence interval; the interval is NaN when the sample is too small.</summary>
/// <param name="Estimate">The statistic on the whole sample.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
/// <param name="Count">Sample size.</param>
public readonly record struct Interval(double Estimate, double Lower, double Upper, int Count)
{
    /// <summary>True when the interval could be computed.</summary>
    public bool HasInterval => double.IsFinite(Lower) && double.IsFinite(Upper);
}

/// <summary>
/// Percentile bootstrap confidence intervals (Efron &amp; Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13):
/// resample with replacement, recompute the statistic, take the α/2 and 1−α/2 quantiles. Deterministic for a seed.
/// </summary>
public static class Bootstrap
{
    /// <summary>Fewest observations for which an interval is reported; below this the report says so instead.</summary>
    public const int MinimumCount = 5;

    /// <summary>Confidence interval of the mean.</summary>
    public static Interval Mean(IReadOnlyList<double> values, int seed, int resamples = 2000, double level = 0.95) =>
        Statistic(values, static v => v.Average(), seed, resamples, level);

    /// <summary>Confidence interval of any statistic of one sample.</summary>
    public static Interval Statistic(IReadOnlyList<double> values, Func<double[], double> statistic, int seed, int resamples = 2000, double level = 0.95)
    {
        if (values.Count == 0)
        {
            return new Interval(double.NaN, double.NaN, double.NaN, 0);
        }

        double estimate = statistic([.. values]);
        if (values.Count < MinimumCount)
        {
            return new Interval(estimate, double.NaN, double.NaN, values.Count);
        }

        var random = new StableRandom((uint)seed);
        var buffer = new double[values.Count];
        var replicates = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = values[random.NextInt(values.Count)];
            }

            replicates[r] = statistic(buffer);
        }

        Array.Sort(replicates);
        double alpha = (1 - level) / 2;
        return new Interval(estimate, Quantile(replicates, alpha), Quantile(replicates, 1 - alpha), values.Count);
    }

    /// <summary>Confidence interval of the difference of means, mean(a) − mean(b), resampling each group separately.</summary>
    public static Interval MeanDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int seed, int resamples = 2000, double level = 0.95)
    {
        double estimate = a.Count > 0 && b.Count > 0 ? a.Average() - b.Average() : double.NaN;
        if (a.Count < MinimumCount || b.Count < MinimumCount)
        {
            return new Interval(estimate, double.NaN, double.NaN, a.Count + b.Count);
        }

        var random = new StableRandom((uint)seed);
        var replicates = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sa = 0, sb = 0;
            for (int i = 0; i < a.Count; i++)
            {
                sa += a[random.NextInt(a.Count)];
            }

            for (int i = 0; i < b.Count; i++)
            {
                sb += b[random.NextInt(b.Count)];
            }

            replicates[r] = (sa / a.Count) - (sb / b.Count);
        }

        Array.Sort(replicates);
        double alpha = (1 - level) / 2;
        return new Interval(estimate, Quantile(replicates, alpha), Quantile(replicates, 1 - alpha), a.Count + b.Count);
    }

    /// <summary>Linear-interpolation quantile of sorted data (type 7 of Hyndman &amp; Fan 1996).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
