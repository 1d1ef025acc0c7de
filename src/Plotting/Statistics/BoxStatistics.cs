namespace Facebench.Plotting.Statistics;

/// <summary>
/// Tukey box-plot summary: quartiles by <see cref="Descriptive.Quantile"/> (definition 7), whiskers at the most
/// extreme data points within 1.5 × IQR of the box, and every point beyond them as an outlier.
/// </summary>
/// <param name="Count">Number of finite values.</param>
/// <param name="Q1">First quartile.</param>
/// <param name="Median">Median.</param>
/// <param name="Q3">Third quartile.</param>
/// <param name="WhiskerLow">Lower whisker end.</param>
/// <param name="WhiskerHigh">Upper whisker end.</param>
/// <param name="Outliers">Values outside the whiskers, ascending.</param>
public sealed record BoxStatistics(int Count, double Q1, double Median, double Q3, double WhiskerLow, double WhiskerHigh, IReadOnlyList<double> Outliers)
{
    /// <summary>Interquartile range Q3 - Q1.</summary>
    public double Iqr => Q3 - Q1;

    /// <summary>Summary of the finite values; all fields are NaN (and no outliers) when there are none.</summary>
    public static BoxStatistics Compute(IEnumerable<double> values)
    {
        double[] s = Descriptive.SortedFinite(values);
        if (s.Length == 0)
        {
            return new BoxStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, []);
        }

        double q1 = Descriptive.Quantile(s, 0.25);
        double median = Descriptive.Quantile(s, 0.5);
        double q3 = Descriptive.Quantile(s, 0.75);
        double fence = 1.5 * (q3 - q1);
        double lowFence = q1 - fence;
        double highFence = q3 + fence;

        int lo = 0;
        while (s[lo] < lowFence)
        {
            lo++;
        }

        int hi = s.Length - 1;
        while (s[hi] > highFence)
        {
            hi--;
        }

        var outliers = new List<double>(lo + (s.Length - 1 - hi));
        outliers.AddRange(s.AsSpan(0, lo));
        outliers.AddRange(s.AsSpan(hi + 1));
        return new BoxStatistics(s.Length, q1, median, q3, s[lo], s[hi], outliers);
    }
}
