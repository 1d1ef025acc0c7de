using System.Globalization;
using Facebench.Contracts;
using Facebench.Plotting;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>report.attribute-evaluation</c>.</summary>
public sealed class AttributeEvaluationReportOptions
{
    [Option("The analysis whose stored output is shown (analysis.attribute-probe or analysis.attribute-accuracy; its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.attribute-probe";
}

/// <summary>
/// An attribute classifier on labelled samples, rendered from a stored <see cref="AttributeEvaluationOutput"/>:
/// accuracy per group with the worst group and the equalized-odds gap (Hardt, Price &amp; Srebro 2016), the confusion
/// matrix, and per-class expected calibration error with the reliability diagram. Computes nothing.
/// </summary>
[Plugin("report.attribute-evaluation", PluginKind.Report, "1.0.0", "Per-group accuracy, confusion matrix and calibration of an attribute classifier, from a stored analysis")]
public sealed class AttributeEvaluationReport : Plugin<AttributeEvaluationReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        AttributeEvaluationOutput r = context.Analysis<AttributeEvaluationOutput>(Options.Analysis);
        var e = r.Evaluation;
        var section = new ReportSection(r.Title)
            .Metric("accuracy", e.Metrics.Accuracy)
            .Metric("worst_group_accuracy", e.Metrics.WorstGroupAccuracy)
            .Metric("equalized_odds_gap", e.Metrics.EqualizedOddsGap);
        section.Paragraph($"{r.Classifier}; evaluated on {r.Data} against the label '{r.Attribute}', per '{r.GroupBy}'."
            + (r.Skipped > 0 ? $" {r.Skipped} samples lacked the prediction, the feature or a label and are left out." : "")
            + (r.ProbeFile is { } file ? $" The probe is saved as {file} in the run folder (classify.probe applies it)." : ""));
        section.Table(new ReportTable($"Accuracy per {r.GroupBy} (overall {Percent(e.Metrics.Accuracy)}, worst {e.Metrics.WorstGroup} {Percent(e.Metrics.WorstGroupAccuracy)}, equalized-odds gap {F(e.Metrics.EqualizedOddsGap)})",
            [r.GroupBy, "n", "accuracy"], [.. e.Metrics.Groups.Select(g => (IReadOnlyList<string>)[g.Group, g.Count.ToString(CultureInfo.InvariantCulture), Percent(g.Accuracy)])]));
        var m = e.Confusion;
        section.Table(new ReportTable($"Confusion matrix: true {r.Attribute} (rows) against predicted (columns)",
            ["true \\ predicted", .. m.Classes],
            [.. m.Classes.Select((c, i) => (IReadOnlyList<string>)[c, .. m.Counts[i].Select(n => n.ToString(CultureInfo.InvariantCulture))])]));
        section.Table(new ReportTable("Per-class calibration (one-vs-rest expected calibration error)", ["class", "ECE"],
            [.. e.Calibration.Select(c => (IReadOnlyList<string>)[c.Class, F(c.ExpectedCalibrationError)])]));
        section.Figure("reliability", ReliabilityDiagram.Draw(e.Calibration, "Reliability per class"),
            "Per-class reliability diagram: points on the diagonal are calibrated.", new FigureSize(540, 500));
        return section;
    }
}
