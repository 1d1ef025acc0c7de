namespace Facebench.Distributions;

/// <summary>
/// Distances between two categorical distributions given as category → probability maps (categories missing from
/// one map have probability zero there). Inputs are normalised first, so counts work as well as shares.
/// </summary>
public static class CategoricalDistance
{
    /// <summary>
    /// Total variation distance, <c>TV(p, q) = ½ Σ_c |p_c − q_c|</c> (Levin, Peres &amp; Wilmer, "Markov Chains and
    /// Mixing Times", §4.1): the largest difference in probability the two assign to any event; in [0, 1].
    /// </summary>
    public static double TotalVariation(IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q)
    {
        var (pn, qn, categories) = Align(p, q);
        double sum = 0;
        foreach (string c in categories)
        {
            sum += Math.Abs(pn.GetValueOrDefault(c) - qn.GetValueOrDefault(c));
        }

        return sum / 2;
    }

    /// <summary>
    /// Kullback–Leibler divergence <c>KL(p ‖ q) = Σ_c p_c ln(p_c / q_c)</c> in nats (Cover &amp; Thomas, "Elements of
    /// Information Theory", §2.3), with 0·ln 0 = 0. Audits call it as KL(observed ‖ target): the target usually has
    /// full support, so the value is finite even when the observed distribution misses a category entirely. When
    /// <paramref name="q"/> has a zero where <paramref name="p"/> does not, the divergence is infinite and
    /// <see cref="double.PositiveInfinity"/> is returned (callers say so rather than print a number).
    /// </summary>
    public static double KullbackLeibler(IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q)
    {
        var (pn, qn, categories) = Align(p, q);
        double sum = 0;
        foreach (string c in categories)
        {
            double pc = pn.GetValueOrDefault(c), qc = qn.GetValueOrDefault(c);
            if (pc <= 0)
            {
                continue;
            }

            if (qc <= 0)
            {
                return double.PositiveInfinity;
            }

            sum += pc * Math.Log(pc / qc);
        }

        return Math.Max(0, sum);
    }

    /// <summary>Scales non-negative weights to sum to one.</summary>
    /// <exception cref="ArgumentException">A weight is negative or not finite, or all are zero.</exception>
    public static Dictionary<string, double> Normalize(IReadOnlyDictionary<string, double> weights)
    {
        double total = 0;
        foreach ((string key, double w) in weights)
        {
            if (!(w >= 0) || !double.IsFinite(w))
            {
                throw new ArgumentException($"weight of '{key}' is {w}; weights must be finite and non-negative.", nameof(weights));
            }

            total += w;
        }

        if (total <= 0)
        {
            throw new ArgumentException("all weights are zero; a distribution needs some mass.", nameof(weights));
        }

        return weights.ToDictionary(kv => kv.Key, kv => kv.Value / total, StringComparer.Ordinal);
    }

    /// <summary>The empirical distribution of a list of categories.</summary>
    public static Dictionary<string, double> Empirical(IEnumerable<string> observations)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string o in observations)
        {
            counts[o] = counts.GetValueOrDefault(o) + 1;
        }

        return counts.Count == 0 ? counts : Normalize(counts);
    }

    private static (Dictionary<string, double> P, Dictionary<string, double> Q, IEnumerable<string> Categories) Align(
        IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q)
    {
        Dictionary<string, double> pn = Normalize(p), qn = Normalize(q);
        return (pn, qn, pn.Keys.Union(qn.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}
