using Facebench.Audit.Classifiers;
using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>analysis.attribute-accuracy</c>.</summary>
public sealed class AttributeAccuracyOptions
{
    [Option("The attribute prediction to judge (a head of classify.onnx, or classify.probe's head).")]
    public string Head { get; set; } = "gender";

    [Option("The true label it is compared with; empty = the head's name.")]
    public string Truth { get; set; } = "";

    [Option("The label the per-group metrics are over (e.g. race); empty = the true label.")]
    public string GroupBy { get; set; } = "";

    [Option("Equal-width probability bins of the per-class reliability diagrams.")]
    public int CalibrationBins { get; set; } = 10;
}

/// <summary>
/// How a stored attribute prediction (an ONNX classifier's head such as SSR-Net's gender, or a probe's) agrees with
/// the samples' labels: accuracy per group, equalized-odds gap, confusion and per-class calibration (classes the
/// prediction gives no probability count as 0). <c>report.attribute-evaluation</c> renders the stored output.
/// </summary>
[Plugin("analysis.attribute-accuracy", PluginKind.Analysis, "1.0.0", "Per-group accuracy, confusion and calibration of a stored attribute prediction against the samples' labels")]
public sealed class AttributeAccuracyAnalysis : Plugin<AttributeAccuracyOptions>, IAnalysis
{
    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.CalibrationBins < 1 || Options.Head.Length == 0)
        {
            throw new PluginInputException("analysis.attribute-accuracy: a head and calibration_bins ≥ 1 are required.");
        }
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        AttributeAccuracyOptions o = Options;
        string truthLabel = o.Truth.Length > 0 ? o.Truth : o.Head;
        string groupBy = o.GroupBy.Length > 0 ? o.GroupBy : truthLabel;
        var rows = new List<(AttributePrediction Predicted, string Truth, string Group)>();
        int skipped = 0;
        foreach (Sample s in context.Succeeded)
        {
            if (s.TryGet(FaceAttributeFacets.Attributes, out var attributes) && attributes.TryGetValue(o.Head, out var p)
                && s.Labels.TryGetValue(truthLabel, out string? truth) && s.Labels.TryGetValue(groupBy, out string? group))
            {
                rows.Add((p, truth, group));
            }
            else
            {
                skipped++;
            }
        }

        if (rows.Count == 0)
        {
            throw new PluginInputException($"analysis.attribute-accuracy: no sample has both a '{o.Head}' prediction and the labels '{truthLabel}' and '{groupBy}' ({skipped} samples looked at).");
        }

        string[] classes = [.. rows.SelectMany(r => r.Predicted.Scores.Keys.Append(r.Truth)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        double[][] probabilities = [.. rows.Select(r => classes.Select(c => r.Predicted.Scores.GetValueOrDefault(c)).ToArray())];
        ProbeEvaluation evaluation = ProbeEvaluation.Of(
            [.. rows.Select(r => r.Truth)], [.. rows.Select(r => r.Predicted.Label)], [.. rows.Select(r => r.Group)], classes, probabilities, o.CalibrationBins);
        return new AttributeEvaluationOutput($"Attribute accuracy: {o.Head}", $"The '{o.Head}' prediction", truthLabel, groupBy,
            $"{rows.Count} labelled samples", evaluation, null, skipped,
            [AttributeEvaluationOutput.Finding("Attribute accuracy", $"'{o.Head}' against label '{truthLabel}', per {groupBy}", evaluation)]);
    }
}
