using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The stored output of <c>analysis.attribute-probe</c> and <c>analysis.attribute-accuracy</c>, which
/// <c>report.attribute-evaluation</c> renders: how an attribute classifier does per group on labelled samples.
/// </summary>
/// <param name="Title">The section heading.</param>
/// <param name="Classifier">What was evaluated, in words.</param>
/// <param name="Attribute">The true label compared with.</param>
/// <param name="GroupBy">The label the per-group metrics are over.</param>
/// <param name="Data">Which samples were evaluated, in words.</param>
/// <param name="Evaluation">Per-group accuracy, confusion, calibration.</param>
/// <param name="ProbeFile">The saved probe, relative to the run folder, when one was trained.</param>
/// <param name="Skipped">Samples left out (no label, no feature or no prediction).</param>
/// <param name="Findings">The findings for the summary.</param>
public sealed record AttributeEvaluationOutput(
    string Title, string Classifier, string Attribute, string GroupBy, string Data, ProbeEvaluation Evaluation, string? ProbeFile, int Skipped,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>The summary finding of an evaluation: accuracy, worst group, equalized-odds gap (a concern from 0.1).</summary>
    public static Finding Finding(string area, string what, ProbeEvaluation e) => new(area,
        $"{what}: accuracy {Percent(e.Metrics.Accuracy)} on {e.Count} samples; worst group {e.Metrics.WorstGroup} {Percent(e.Metrics.WorstGroupAccuracy)}; equalized-odds gap {F(e.Metrics.EqualizedOddsGap)}.",
        e.Metrics.EqualizedOddsGap >= 0.1);
}
