using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>report.attribute-distribution</c>.</summary>
public sealed class AttributeDistributionReportOptions
{
    [Option("The analysis whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.attribute-distribution";
}

/// <summary>
/// A predicted attribute's distribution against its target, rendered from a stored
/// <see cref="AttributeDistributionOutput"/>: shares, mean probabilities, TV and KL, and a bar chart. Computes nothing.
/// </summary>
[Plugin("report.attribute-distribution", PluginKind.Report, "1.0.0", "Predicted attribute distribution against a target (TV, KL), from a stored analysis")]
public sealed class AttributeDistributionReport : Plugin<AttributeDistributionReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        AttributeDistributionOutput output = context.Analysis<AttributeDistributionOutput>(Options.Analysis);
        var r = output.Result;
        var section = new ReportSection($"Predicted {output.Head}: {output.Population}")
            .Metric("tv", r.TotalVariation)
            .Metric("kl", double.IsFinite(r.KullbackLeibler) ? r.KullbackLeibler : double.NaN, "nats");
        section.Paragraph($"{r.Samples} samples ({output.Population}) classified by the '{output.Head}' prediction"
            + (output.Skipped > 0 ? $"; {output.Skipped} had none and are left out" : "")
            + $". Total variation from the target {F(r.TotalVariation)}; KL {PriorAuditReport.KlText(r.KullbackLeibler)}.");
        string[] values = [.. r.Predicted.Keys.Union(r.Target.Keys).Order(StringComparer.Ordinal)];
        section.Table(new ReportTable($"Predicted {output.Head} against the target", [output.Head, "predicted", "mean p", "target"],
            [.. values.Select(v => (IReadOnlyList<string>)[v, Percent(r.Predicted.GetValueOrDefault(v)), Percent(r.MeanProbability.GetValueOrDefault(v)), Percent(r.Target.GetValueOrDefault(v))])]));
        var shares = new double[values.Length, 2];
        for (int i = 0; i < values.Length; i++)
        {
            shares[i, 0] = r.Target.GetValueOrDefault(values[i]);
            shares[i, 1] = r.Predicted.GetValueOrDefault(values[i]);
        }

        Plot plot = HouseStyle.NewPlot();
        plot.Add.GroupedBars(values, ["target", "predicted"], shares);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"Predicted {output.Head} against the target");
        plot.XLabel(output.Head);
        plot.YLabel("share of samples");
        plot.Axes.SetLimitsY(0, 1.0);
        section.Figure("distribution", plot, $"Share of samples read as each {output.Head} value, next to the target.", FigureSize.Wide);
        return section;
    }
}
