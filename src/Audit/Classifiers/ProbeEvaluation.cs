using Facebench.Classification;

namespace Facebench.Audit.Classifiers;

/// <summary>How a classifier does on labelled data: per-group accuracy and equalized odds, confusion, per-class calibration.</summary>
/// <param name="Metrics">Accuracy overall and per group, worst group, equalized-odds gap.</param>
/// <param name="Confusion">True against predicted class.</param>
/// <param name="Calibration">Per-class reliability (one-vs-rest).</param>
/// <param name="Count">Examples evaluated.</param>
public sealed record ProbeEvaluation(GroupMetricsSummary Metrics, ConfusionMatrix Confusion, IReadOnlyList<ClassCalibration> Calibration, int Count)
{
    /// <summary>Evaluates predictions with their class probabilities (rows in <paramref name="classes"/> order).</summary>
    public static ProbeEvaluation Of(
        IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IReadOnlyList<string> groups,
        IReadOnlyList<string> classes, IReadOnlyList<double[]> probabilities, int calibrationBins) =>
        new(GroupMetrics.Evaluate(truth, predicted, groups), ConfusionMatrix.Of(truth, predicted, classes),
            ClasswiseCalibration.Compute(classes, probabilities, truth, calibrationBins), truth.Count);
}
