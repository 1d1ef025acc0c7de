using Facebench.Contracts;

namespace Facebench.Evaluation;

/// <summary>
/// Two-sided permutation test of a difference in means (Good, "Permutation Tests", 2000): the p-value is the share
/// of random relabellings whose absolute mean difference is at least the observed one, with the +1 correction
/// of Phipson &amp; Smyth (2010) so that p is never zero.
/// </summary>
public static class PermutationTest
{
    /// <summary>p-value for H0: a and b come from the same distribution (difference of means as the statistic).</summary>
    public static double MeanDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int seed, int permutations = 5000)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return double.NaN;
        }

        double observed = Math.Abs(a.Average() - b.Average());
        var pooled = a.Concat(b).ToArray();
        double total = pooled.Sum();
        var random = new StableRandom((uint)seed);
        int extreme = 0;
        for (int p = 0; p < permutations; p++)
        {
            // Partial Fisher–Yates: only the first |a| positions need to be drawn.
            double sumA = 0;
            for (int i = 0; i < a.Count; i++)
            {
                int j = i + random.NextInt(pooled.Length - i);
                (pooled[i], pooled[j]) = (pooled[j], pooled[i]);
                sumA += pooled[i];
            }

            double difference = Math.Abs((sumA / a.Count) - ((total - sumA) / b.Count));
            if (difference >= observed - 1e-12)
            {
                extreme++;
            }
        }

        return (extreme + 1.0) / (permutations + 1.0);
    }
}
