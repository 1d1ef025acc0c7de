using System.Globalization;
using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>report.prior-images</c>.</summary>
public sealed class PriorImagesReportOptions
{
    [Option("The analysis whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.prior-images";
}

/// <summary>
/// Several priors side by side on images, rendered from a stored <see cref="PriorImagesOutput"/>: per model, the
/// distribution a classifier reads in renders of its prior, next to the target and to the make-up the model
/// discloses, in one table and one figure. Computes nothing.
/// </summary>
[Plugin("report.prior-images", PluginKind.Report, "1.0.0", "Prior audit on images, several priors side by side (read vs target vs disclosed make-up), from a stored analysis")]
public sealed class PriorImagesReport : Plugin<PriorImagesReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        PriorImagesOutput output = context.Analysis<PriorImagesOutput>(Options.Analysis);
        string a = output.Attribute;
        string[] classes = [.. output.Populations.SelectMany(p => p.Result.Predicted.Keys.Concat(p.Result.Target.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var section = new ReportSection($"Model priors on images: {a} read by {output.Classifier}");
        section.Paragraph($"Faces rendered from each model's prior (shape, albedo, light and pose drawn at random) and read by {output.Classifier}. "
            + $"For each model the share of its renders read as each {a} value is set beside the target and beside the make-up the model discloses (the groups it was built from, for a model.pca); "
            + "TV is total variation, ½ Σ |read − other|."
            + (output.Skipped > 0 ? $" {output.Skipped} renders could not be read and are left out." : ""));
        section.Table(new ReportTable($"{a} read in each prior's renders, against the target and the disclosed make-up",
            ["population", "model", "training make-up", "n", .. classes.Select(c => $"{c} read"), .. classes.Select(c => $"{c} make-up"), .. classes.Select(c => $"{c} target"), "TV to target", "TV to make-up", "KL to target"],
            [.. output.Populations.Select(p => (IReadOnlyList<string>)[
                p.Name, p.Model, p.Makeup?.ToString() ?? "not disclosed", p.Result.Samples.ToString(CultureInfo.InvariantCulture),
                .. classes.Select(c => Percent(p.Result.Predicted.GetValueOrDefault(c))),
                .. classes.Select(c => MakeupShare(p, c) is { } m ? Percent(m) : "–"),
                .. classes.Select(c => Percent(p.Result.Target.GetValueOrDefault(c))),
                F(p.Result.TotalVariation), p.MakeupTotalVariation is { } tv ? F(tv) : "–", PriorAuditReport.KlText(p.Result.KullbackLeibler)])]));
        foreach (PriorImagesPopulation p in output.Populations)
        {
            section.Metric($"prior.tv.{p.Name}", p.Result.TotalVariation);
            if (p.MakeupTotalVariation is { } tv)
            {
                section.Metric($"prior.makeup_tv.{p.Name}", tv);
            }

            foreach (string c in classes)
            {
                section.Metric($"prior.read.{p.Name}.{c}", p.Result.Predicted.GetValueOrDefault(c));
            }
        }

        string[] groups = [.. output.Populations.SelectMany(p => classes.Select(c => $"{p.Name}: {c}"))];
        var values = new double[groups.Length, 3];
        int g = 0;
        foreach (PriorImagesPopulation p in output.Populations)
        {
            foreach (string c in classes)
            {
                values[g, 0] = p.Result.Predicted.GetValueOrDefault(c);
                values[g, 1] = MakeupShare(p, c) ?? double.NaN;
                values[g, 2] = p.Result.Target.GetValueOrDefault(c);
                g++;
            }
        }

        Plot plot = HouseStyle.NewPlot();
        plot.Add.GroupedBars(groups, ["read by the classifier", "disclosed make-up", "target"], values);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"{a} read in renders of each prior");
        plot.XLabel($"prior: {a}");
        plot.YLabel("share of renders");
        plot.Axes.SetLimitsY(0, 1.15);
        section.Figure("priors-side-by-side", plot, $"For each prior and {a} value: the share of its renders read as that value, the share of the model's training population in that group (no bar: the model discloses none, or over another attribute), and the target.", FigureSize.Wide);
        return section;
    }

    /// <summary>The make-up's share of <paramref name="value"/>, when the make-up is over the attribute read.</summary>
    private static double? MakeupShare(PriorImagesPopulation p, string value) =>
        p.MakeupTotalVariation is not null && p.Makeup is { Total: > 0 } m ? m.Counts.GetValueOrDefault(value) / (double)m.Total : null;
}
