using Facebench.Contracts;

namespace Facebench.Evaluation;

/// <summary>
/// Two-sided randomisation test for paired data (Fisher 1935, "The Design of Experiments", §21; Good 2000, §3.6):
/// under H0 each paired difference is as likely positive as negative, so its sign is flipped at random; the p-value is
/// the share of sign patterns whose |mean| is at least the observed one, with the +1 correction of Phipson &amp; Smyth
/// (2010). Used when the same samples were measured twice (e.g. fitted with two models).
/// </summary>
public static class SignFlipTest
{
    /// <summary>p-value for H0: the mean paired difference is zero.</summary>
    public static double MeanDifference(IReadOnlyList<double> differences, int seed, int permutations = 5000)
    {
        if (differences.Count == 0)
        {
            return double.NaN;
        }

        double observed = Math.Abs(differences.Average());
        var random = new StableRandom((uint)seed);
        int extreme = 0;
        for (int p = 0; p < permutations; p++)
        {
            double sum = 0;
            foreach (double d in differences)
            {
                sum += random.NextInt(2) == 0 ? d : -d;
            }

            if (Math.Abs(sum / differences.Count) >= observed - 1e-12)
            {
                extreme++;
            }
        }

        return (extreme + 1.0) / (permutations + 1.0);
    }
}
