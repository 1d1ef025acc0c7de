using Facebench.Contracts;
using Facebench.Distributions;

namespace Facebench.Audit.Analyses;

/// <summary>
/// The distribution an image classifier reads in a set of faces, against a target: shares of its hard decisions,
/// its mean probabilities, and their total variation and KL divergence from the target
/// (<see cref="CategoricalDistance"/>), as <see cref="PriorAudit"/> measures them on geometry.
/// </summary>
public static class PredictedDistribution
{
    /// <summary>
    /// Measures <paramref name="predictions"/> (at least one) against <paramref name="target"/> (value → share, any
    /// scale; empty: uniform over the values predicted). Target values never predicted get a share of 0.
    /// </summary>
    public static PriorAuditResult Of(string population, IReadOnlyList<AttributePrediction> predictions, IReadOnlyDictionary<string, double> target)
    {
        if (predictions.Count == 0)
        {
            throw new ArgumentException("at least one prediction is needed.", nameof(predictions));
        }

        Dictionary<string, double> shares = CategoricalDistance.Empirical([.. predictions.Select(p => p.Label)]);
        IReadOnlyDictionary<string, double> goal = target.Count > 0 ? target : shares.Keys.ToDictionary(k => k, _ => 1.0, StringComparer.Ordinal);
        foreach (string value in goal.Keys)
        {
            shares.TryAdd(value, 0);
        }

        var mean = shares.Keys.ToDictionary(k => k, k => predictions.Average(p => p.Scores.GetValueOrDefault(k)), StringComparer.Ordinal);
        return new PriorAuditResult(population, predictions.Count, shares, mean, CategoricalDistance.Normalize(goal),
            CategoricalDistance.TotalVariation(shares, goal), CategoricalDistance.KullbackLeibler(shares, goal));
    }
}
