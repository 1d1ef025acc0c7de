using System.Globalization;
using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>report.prior-audit</c>.</summary>
public sealed class PriorAuditReportOptions
{
    [Option("The analysis whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.prior-audit";
}

/// <summary>
/// The model-prior audit's report section, rendered from the stored output of <c>analysis.prior-audit</c>
/// (<see cref="PriorAuditOutput"/>): the predicted attribute distribution of each model's prior against the target,
/// and the classifier that read them (training make-up, held-out per-group accuracy, per-class calibration).
/// Computes nothing.
/// </summary>
[Plugin("report.prior-audit", PluginKind.Report, "2.0.0", "Model-prior audit section, rendered from the stored output of analysis.prior-audit")]
public sealed class PriorAuditReport : Plugin<PriorAuditReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        PriorAuditOutput output = context.Analysis<PriorAuditOutput>(Options.Analysis);
        IReadOnlyList<PriorAuditResult> results = output.Results;
        ClassifierDescription classifier = output.Classifier;
        var section = new ReportSection("Model-prior audit");
        section.Paragraph($"{output.Samples} neutral faces were drawn from each model's prior (identity coefficients ~ N(0, I)) and classified by '{classifier.Name}' ({classifier.Attribute} from {classifier.FeatureDimension} {classifier.FeatureKind} features). Total variation is ½ Σ |predicted − target|; KL is KL(predicted ‖ target) in nats.");
        string[] classes = [.. classifier.Classes];
        section.Table(new ReportTable($"Predicted {classifier.Attribute} distribution of each model's prior vs the target",
            ["model", "training make-up", .. classes.Select(c => $"{c} (predicted)"), .. classes.Select(c => $"{c} (mean p)"), "TV", "KL"],
            [.. results.Select(r => (IReadOnlyList<string>)[
                r.Model, output.Makeups[r.Model],
                .. classes.Select(c => Percent(r.Predicted.GetValueOrDefault(c))),
                .. classes.Select(c => Percent(r.MeanProbability.GetValueOrDefault(c))),
                F(r.TotalVariation), KlText(r.KullbackLeibler)])]));
        foreach (PriorAuditResult r in results)
        {
            section.Metric($"prior.tv.{r.Model}", r.TotalVariation).Metric($"prior.kl.{r.Model}", double.IsFinite(r.KullbackLeibler) ? r.KullbackLeibler : double.NaN, "nats");
        }

        string[] series = ["target", .. results.Select(r => r.Model)];
        var values = new double[classes.Length, series.Length];
        for (int c = 0; c < classes.Length; c++)
        {
            values[c, 0] = results[0].Target.GetValueOrDefault(classes[c]);
            for (int m = 0; m < results.Count; m++)
            {
                values[c, m + 1] = results[m].Predicted.GetValueOrDefault(classes[c]);
            }
        }

        Plot plot = HouseStyle.NewPlot();
        plot.Add.GroupedBars(classes, series, values);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"Predicted {classifier.Attribute} of faces drawn from each prior");
        plot.XLabel(classifier.Attribute);
        plot.YLabel("share of faces");
        plot.Axes.SetLimitsY(0, 1.0);
        section.Figure("predicted-distribution", plot, $"Share of prior faces classified as each {classifier.Attribute}, per model, next to the target.", FigureSize.Wide);

        Plot tv = HouseStyle.NewPlot();
        tv.Add.CategoryBars([.. results.Select(r => r.Model)], [.. results.Select(r => r.TotalVariation)]);
        tv.Axes.Margins(bottom: 0);
        tv.Title("Distance of each prior's predictions from the target");
        tv.XLabel("model");
        tv.YLabel("total variation");
        section.Figure("total-variation", tv, "Total variation distance between predicted and target distributions (0 = matches the target).", new FigureSize(560, 360));
        AddClassifier(section, classifier);
        return section;
    }

    /// <summary>KL divergence in words.</summary>
    internal static string KlText(double kl) => double.IsFinite(kl) ? $"{F(kl)} nats" : "infinite (a predicted value has zero target share)";

    private static void AddClassifier(ReportSection section, ClassifierDescription classifier)
    {
        section.Paragraph($"Classifier training data: {classifier.TrainingMakeup}.");
        if (classifier.HeldOut is not { } h)
        {
            section.Paragraph("The classifier kept no held-out data, so its per-group accuracy and calibration are not known.");
            return;
        }

        section.Table(new ReportTable($"Classifier on {h.Count} held-out faces: accuracy per group (overall {Percent(h.Metrics.Accuracy)}, equalized-odds gap {F(h.Metrics.EqualizedOddsGap)})",
            ["group", "n", "accuracy"], [.. h.Metrics.Groups.Select(g => (IReadOnlyList<string>)[g.Group, g.Count.ToString(CultureInfo.InvariantCulture), Percent(g.Accuracy)])]));
        section.Table(new ReportTable("Per-class calibration (one-vs-rest expected calibration error)", ["class", "ECE"],
            [.. h.Calibration.Select(c => (IReadOnlyList<string>)[c.Class, F(c.ExpectedCalibrationError)])]));
        section.Figure("classifier-reliability", ReliabilityDiagram.Draw(h.Calibration, "Reliability per class (held-out)"),
            "Per-class reliability diagram of the classifier on held-out faces: points on the diagonal are calibrated.", new FigureSize(540, 500));
    }

}
