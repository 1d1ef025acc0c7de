using Facebench.Evaluation;

namespace Facebench.Audit.Analyses;

/// <summary>How much larger one model's error is than another's on the same samples of one group.</summary>
/// <param name="Group">The group.</param>
/// <param name="Difference">Mean of (error under the first model − error under the second) with its bootstrap 95% CI.</param>
/// <param name="PValue">Sign-flip randomisation test of a zero mean difference; NaN when too few pairs.</param>
public sealed record PairedDifference(string Group, Interval Difference, double PValue)
{
    /// <summary>True when the CI lies entirely above zero.</summary>
    public bool SignificantlyLarger => Difference.HasInterval && Difference.Lower > 0;
}

/// <summary>
/// Compares two models fitted to the same samples, group by group, on paired differences (each sample is its own
/// control, which removes the between-sample spread from the comparison): percentile-bootstrap CI of the mean
/// difference and a sign-flip test (<see cref="SignFlipTest"/>).
/// </summary>
public static class PairedModelComparison
{
    /// <summary>Compares per group.</summary>
    /// <param name="differences">Per group, the paired differences (first − second model) of the samples fitted by both.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    public static List<PairedDifference> Compare(IReadOnlyDictionary<string, List<double>> differences, int seed, int resamples = 2000) =>
        [.. differences.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select((kv, i) => new PairedDifference(
            kv.Key,
            Bootstrap.Mean(kv.Value, seed + i, resamples),
            kv.Value.Count >= Bootstrap.MinimumCount ? SignFlipTest.MeanDifference(kv.Value, seed + 500 + i) : double.NaN))];
}
