using Facebench.Evaluation;

namespace Facebench.Audit.Analyses;

/// <summary>An error's mean in one group with its bootstrap 95% CI (no interval below <see cref="Bootstrap.MinimumCount"/> samples).</summary>
/// <param name="Group">The group.</param>
/// <param name="Mean">Mean and interval.</param>
public sealed record GroupError(string Group, Interval Mean)
{
    /// <summary>Samples in the group.</summary>
    public int Count => Mean.Count;
}

/// <summary>The gap between the best and the worst group.</summary>
/// <param name="Best">Group with the lowest mean error.</param>
/// <param name="Worst">Group with the highest.</param>
/// <param name="Gap">mean(worst) − mean(best) with its bootstrap CI (groups resampled separately).</param>
/// <param name="Ratio">mean(worst) / mean(best).</param>
/// <param name="PValue">Permutation test of equal means; NaN when a group is too small.</param>
public sealed record ErrorGap(string Best, string Worst, Interval Gap, double Ratio, double PValue);

/// <summary>Per-group errors of one metric and one model, with the best–worst gap.</summary>
/// <param name="Groups">Per-group means.</param>
/// <param name="Gap">Best–worst gap, null with fewer than two groups.</param>
public sealed record GroupDisparity(IReadOnlyList<GroupError> Groups, ErrorGap? Gap);

/// <summary>
/// Disparity of an error metric across groups: per-group means with percentile-bootstrap CIs (Efron &amp; Tibshirani
/// 1993), the gap and ratio between the groups with the highest and lowest mean error, a bootstrap CI of the gap and
/// a two-sided permutation test of it (<see cref="PermutationTest"/>). Groups below <see cref="Bootstrap.MinimumCount"/>
/// samples get no interval and no test: the report says so instead of printing a number.
/// </summary>
public static class GroupDisparityAnalysis
{
    /// <summary>Analyses one metric.</summary>
    /// <param name="values">Finite error values per group.</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="permutations">Permutations of the test.</param>
    public static GroupDisparity Analyze(IReadOnlyDictionary<string, List<double>> values, int seed, int resamples = 2000, int permutations = 5000)
    {
        var groups = values.Where(kv => kv.Value.Count > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select((kv, i) => new GroupError(kv.Key, Bootstrap.Mean(kv.Value, seed + i, resamples)))
            .ToList();
        if (groups.Count < 2)
        {
            return new GroupDisparity(groups, null);
        }

        GroupError best = groups.MinBy(g => g.Mean.Estimate)!, worst = groups.MaxBy(g => g.Mean.Estimate)!;
        List<double> w = values[worst.Group], b = values[best.Group];
        Interval gap = Bootstrap.MeanDifference(w, b, seed + 1000, resamples);
        bool testable = w.Count >= Bootstrap.MinimumCount && b.Count >= Bootstrap.MinimumCount;
        double p = testable ? PermutationTest.MeanDifference(w, b, seed + 2000, permutations) : double.NaN;
        return new GroupDisparity(groups, new ErrorGap(best.Group, worst.Group, gap, worst.Mean.Estimate / best.Mean.Estimate, p));
    }
}
