namespace Facebench.Classification;

/// <summary>Accuracy within one group.</summary>
/// <param name="Group">The group's label.</param>
/// <param name="Count">Examples in the group.</param>
/// <param name="Accuracy">Share classified correctly.</param>
public sealed record GroupAccuracy(string Group, int Count, double Accuracy);

/// <summary>Accuracy overall and per group, the worst group, and the equalized-odds gap.</summary>
/// <param name="Accuracy">Share of all examples classified correctly.</param>
/// <param name="Groups">Accuracy per group, ordinal order.</param>
/// <param name="WorstGroup">The group with the lowest accuracy.</param>
/// <param name="WorstGroupAccuracy">Its accuracy (the "worst-group accuracy" of Sagawa et al. 2020, "Distributionally Robust Neural Networks").</param>
/// <param name="EqualizedOddsGap">See <see cref="GroupMetrics.EqualizedOddsGap"/>.</param>
public sealed record GroupMetricsSummary(double Accuracy, IReadOnlyList<GroupAccuracy> Groups, string WorstGroup, double WorstGroupAccuracy, double EqualizedOddsGap);

/// <summary>Group-fairness metrics of a classifier's hard predictions.</summary>
public static class GroupMetrics
{
    /// <summary>Computes <see cref="GroupMetricsSummary"/>.</summary>
    /// <param name="truth">True class of each example.</param>
    /// <param name="predicted">Predicted class of each example.</param>
    /// <param name="groups">Sensitive group of each example (may be the true class itself).</param>
    public static GroupMetricsSummary Evaluate(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IReadOnlyList<string> groups)
    {
        if (truth.Count != predicted.Count || truth.Count != groups.Count)
        {
            throw new ArgumentException($"{truth.Count} labels, {predicted.Count} predictions and {groups.Count} groups; they must be parallel lists.");
        }

        if (truth.Count == 0)
        {
            throw new ArgumentException("no examples to evaluate.");
        }

        double accuracy = Enumerable.Range(0, truth.Count).Count(i => truth[i] == predicted[i]) / (double)truth.Count;
        var perGroup = Enumerable.Range(0, truth.Count)
            .GroupBy(i => groups[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupAccuracy(g.Key, g.Count(), g.Count(i => truth[i] == predicted[i]) / (double)g.Count()))
            .ToList();
        GroupAccuracy worst = perGroup.MinBy(g => g.Accuracy)!;
        return new GroupMetricsSummary(accuracy, perGroup, worst.Group, worst.Accuracy, EqualizedOddsGap(truth, predicted, groups));
    }

    /// <summary>
    /// The equalized-odds gap (Hardt, Price &amp; Srebro 2016, "Equality of Opportunity in Supervised Learning"),
    /// multiclass form: the largest spread, across groups, of a conditional rate P(ŷ = k | y, group) over every true
    /// class y and predicted class k (for two classes: the larger of the TPR and FPR differences). When the sensitive
    /// attribute is the predicted attribute itself (each group is one class), the rates are taken one-vs-rest: for
    /// each class c, TPR_c = P(ŷ = c | y = c) and FPR_c = P(ŷ = c | y ≠ c), and the gap is the larger of the spreads of
    /// TPR and FPR across classes. 0 means every group is treated alike; 1 is the worst.
    /// </summary>
    public static double EqualizedOddsGap(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IReadOnlyList<string> groups)
    {
        int n = truth.Count;
        string[] classes = [.. truth.Concat(predicted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        bool groupIsClass = Enumerable.Range(0, n).All(i => groups[i] == truth[i]);
        if (groupIsClass)
        {
            var tpr = new List<double>();
            var fpr = new List<double>();
            foreach (string c in classes)
            {
                int positives = 0, truePositives = 0, negatives = 0, falsePositives = 0;
                for (int i = 0; i < n; i++)
                {
                    if (truth[i] == c)
                    {
                        positives++;
                        truePositives += predicted[i] == c ? 1 : 0;
                    }
                    else
                    {
                        negatives++;
                        falsePositives += predicted[i] == c ? 1 : 0;
                    }
                }

                if (positives > 0)
                {
                    tpr.Add(truePositives / (double)positives);
                }

                if (negatives > 0)
                {
                    fpr.Add(falsePositives / (double)negatives);
                }
            }

            return Math.Max(Spread(tpr), Spread(fpr));
        }

        double gap = 0;
        foreach (string y in classes)
        {
            var byGroup = Enumerable.Range(0, n).Where(i => truth[i] == y).GroupBy(i => groups[i], StringComparer.Ordinal).ToList();
            if (byGroup.Count < 2)
            {
                continue;
            }

            foreach (string k in classes)
            {
                gap = Math.Max(gap, Spread([.. byGroup.Select(g => g.Count(i => predicted[i] == k) / (double)g.Count())]));
            }
        }

        return gap;
    }

    private static double Spread(List<double> values) => values.Count < 2 ? 0 : values.Max() - values.Min();
}
