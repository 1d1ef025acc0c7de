using Facebench.Contracts;

namespace Facebench.Distributions;

/// <summary>One item chosen by <see cref="StratifiedResampling"/>: its index in the input and whether it was a repeat draw.</summary>
/// <param name="Index">Position in the input list.</param>
/// <param name="Duplicate">True when the stratum had too few items and this one was drawn again (with replacement).</param>
public readonly record struct ResampledItem(int Index, bool Duplicate);

/// <summary>
/// Changing the attribute make-up of a labelled set to target proportions, the two classical ways (Kish, "Survey
/// Sampling", 1965, ch. 3; Shimodaira 2000 for importance weighting under covariate/label shift):
/// <list type="bullet">
/// <item><see cref="Resample"/>: stratified sampling: stratum c receives round(size · p_c) items (largest-remainder
/// rounding), drawn without replacement while the stratum has enough, the rest with replacement (flagged);</item>
/// <item><see cref="ImportanceWeights"/>: w_c = p_target(c) / p_observed(c), normalised to mean one.</item>
/// </list>
/// Deterministic for a seed.
/// </summary>
public static class StratifiedResampling
{
    /// <summary>Allocates <paramref name="size"/> slots to categories by largest remainder (Hamilton's method).</summary>
    public static Dictionary<string, int> Allocate(IReadOnlyDictionary<string, double> proportions, int size)
    {
        Dictionary<string, double> p = CategoricalDistance.Normalize(proportions);
        var counts = p.ToDictionary(kv => kv.Key, kv => (int)Math.Floor(kv.Value * size), StringComparer.Ordinal);
        int remaining = size - counts.Values.Sum();
        foreach (string c in p.OrderByDescending(kv => (kv.Value * size) - Math.Floor(kv.Value * size)).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).Take(remaining))
        {
            counts[c]++;
        }

        return counts;
    }

    /// <summary>Draws a set of <paramref name="size"/> items whose categories follow <paramref name="proportions"/>.</summary>
    /// <param name="categories">The category of each input item.</param>
    /// <param name="proportions">Target share of each category (normalised); every category with a positive share must occur in the input.</param>
    /// <param name="size">Items to draw.</param>
    /// <param name="seed">Random seed.</param>
    /// <exception cref="ArgumentException">A category with a positive target share has no items.</exception>
    public static List<ResampledItem> Resample(IReadOnlyList<string> categories, IReadOnlyDictionary<string, double> proportions, int size, int seed)
    {
        var strata = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < categories.Count; i++)
        {
            if (!strata.TryGetValue(categories[i], out List<int>? list))
            {
                strata[categories[i]] = list = [];
            }

            list.Add(i);
        }

        var random = new StableRandom((uint)seed);
        var result = new List<ResampledItem>(size);
        foreach ((string category, int count) in Allocate(proportions, size).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (count == 0)
            {
                continue;
            }

            if (!strata.TryGetValue(category, out List<int>? members))
            {
                throw new ArgumentException(
                    $"the target asks for {count} items of '{category}', but the set has none; categories present: {string.Join(", ", strata.Keys.Order(StringComparer.Ordinal))}.",
                    nameof(proportions));
            }

            // Partial Fisher–Yates over a copy: the first min(count, |stratum|) distinct items, then repeats.
            int[] pool = [.. members];
            int distinct = Math.Min(count, pool.Length);
            for (int k = 0; k < distinct; k++)
            {
                int j = k + random.NextInt(pool.Length - k);
                (pool[k], pool[j]) = (pool[j], pool[k]);
                result.Add(new ResampledItem(pool[k], Duplicate: false));
            }

            for (int k = distinct; k < count; k++)
            {
                result.Add(new ResampledItem(pool[random.NextInt(pool.Length)], Duplicate: true));
            }
        }

        return result;
    }

    /// <summary>Per-item weights p_target(c)/p_observed(c), scaled to mean one; items of categories absent from the target get zero.</summary>
    public static double[] ImportanceWeights(IReadOnlyList<string> categories, IReadOnlyDictionary<string, double> proportions)
    {
        Dictionary<string, double> target = CategoricalDistance.Normalize(proportions);
        Dictionary<string, double> observed = CategoricalDistance.Empirical(categories);
        double[] weights = [.. categories.Select(c => target.GetValueOrDefault(c) / observed[c])];
        double mean = weights.Length == 0 ? 0 : weights.Average();
        return mean > 0 ? [.. weights.Select(w => w / mean)] : weights;
    }
}
