using System.Globalization;
using Facebench.Audit.Analyses;
using Facebench.Audit.Reporting;
using Facebench.Audit.Classifiers;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The model-prior audit (<see cref="PriorAudit"/>): N faces from each model's prior are classified, and the
/// predicted attribute distribution is compared with the target by total variation and KL divergence. The section
/// also shows the classifier itself (training make-up, held-out per-group accuracy, per-class calibration), since
/// the audit inherits its errors. Independent of the run's samples.
/// </summary>
[Plugin("report.prior-audit", PluginKind.Report, "1.0.0", "Model-prior audit: classify faces drawn from each model's prior, compare the predicted attribute distribution with a target (TV, KL)")]
public sealed class PriorAuditReport : Plugin<PriorAuditReportOptions>, IReportSection, IAuditAnalysis
{
    private const string Area = "Model prior";
    private readonly List<(string Label, IMorphableModel Model)> _models = [];
    private FaceAttributeClassifier? _classifier;
    private Dictionary<string, double> _target = [];
    private AnalysisCache<List<PriorAuditResult>>? _cache;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        PriorAuditReportOptions o = Options;
        if (o.Models.Length == 0 || o.Samples < 10)
        {
            throw new PluginInputException("report.prior-audit: name at least one model and draw at least 10 samples.");
        }

        _classifier = Context.GetComponent<FaceAttributeClassifier>(o.Classifier);
        foreach (string label in o.Models)
        {
            IMorphableModel model = Context.GetComponent<IMorphableModel>(label);
            _classifier.Features.CheckCompatible(model);
            _models.Add((label, model));
        }

        _target = o.Target.Count > 0 ? new Dictionary<string, double>(o.Target, StringComparer.Ordinal) : _classifier.Classes.ToDictionary(c => c, _ => 1.0, StringComparer.Ordinal);
        string[] unknown = [.. _target.Keys.Where(k => !_classifier.Classes.Contains(k, StringComparer.Ordinal))];
        if (unknown.Length > 0)
        {
            throw new PluginInputException($"report.prior-audit: the target has {_classifier.Attribute} value(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} that classifier '{o.Classifier}' does not predict; its classes are {string.Join(", ", _classifier.Classes)}.");
        }

        if (_target.Values.Any(v => !(v >= 0)) || _target.Values.Sum() <= 0)
        {
            throw new PluginInputException("report.prior-audit: target shares must be non-negative and not all zero.");
        }

        _cache = new AnalysisCache<List<PriorAuditResult>>(_ =>
            [.. _models.Select(m => PriorAudit.Run(m.Label, m.Model, _classifier, _target, o.Samples, Context.DeriveSeed($"prior-audit:{m.Label}")))]);
        Context.GetComponent<FindingsBoard>(o.Findings).Register(BoardKey.Of(this, o), this);
    }

    /// <inheritdoc />
    public IReadOnlyList<Finding> Findings(ReportContext context)
    {
        List<PriorAuditResult> results = _cache!.Get(context);
        var findings = new List<Finding>();
        foreach (PriorAuditResult r in results)
        {
            IMorphableModel model = _models.First(m => m.Label == r.Model).Model;
            findings.Add(new Finding(Area,
                $"Faces from the prior of '{r.Model}' ({ShortMakeup(model)}) are classified {Shares(r.Predicted)} against a target of {Shares(r.Target)}: total variation {F(r.TotalVariation)}, KL {KlText(r.KullbackLeibler)} (n = {r.Samples}).",
                r.TotalVariation >= 0.1));
        }

        return findings;
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        List<PriorAuditResult> results = _cache!.Get(context);
        FaceAttributeClassifier classifier = _classifier!;
        var section = new ReportSection("Model-prior audit");
        section.Paragraph($"{Options.Samples} neutral faces were drawn from each model's prior (identity coefficients ~ N(0, I)) and classified by '{Options.Classifier}' ({classifier.Attribute} from {classifier.Features.Dimension} {classifier.Features.Kind.ToString().ToLowerInvariant()} features). Total variation is ½ Σ |predicted − target|; KL is KL(predicted ‖ target) in nats.");
        string[] classes = [.. classifier.Classes];
        section.Table(new ReportTable($"Predicted {classifier.Attribute} distribution of each model's prior vs the target",
            ["model", "training make-up", .. classes.Select(c => $"{c} (predicted)"), .. classes.Select(c => $"{c} (mean p)"), "TV", "KL"],
            [.. results.Select(r => (IReadOnlyList<string>)[
                r.Model, ShortMakeup(_models.First(m => m.Label == r.Model).Model),
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

    private static void AddClassifier(ReportSection section, FaceAttributeClassifier classifier)
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
        Plot plot = HouseStyle.NewPlot();
        foreach (var c in h.Calibration)
        {
            double[] confidence = [.. c.Bins.Select(b => b.Confidence)];
            double[] frequency = [.. c.Bins.Select(b => b.Frequency)];
            var reliability = plot.Add.Scatter(confidence, frequency);
            reliability.LineWidth = 1.5f;
            reliability.MarkerSize = 6;
            reliability.LegendText = c.Class;
        }

        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = HouseStyle.Reference;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect calibration";

        plot.ShowLegend(Edge.Bottom); // reliability points can sit in any corner
        plot.Title("Reliability per class (held-out)");
        plot.XLabel("predicted probability of the class");
        plot.YLabel("observed frequency of the class");
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        section.Figure("classifier-reliability", plot, "Per-class reliability diagram of the classifier on held-out faces: points on the diagonal are calibrated.", new FigureSize(540, 500));
    }

    private static string KlText(double kl) => double.IsFinite(kl) ? $"{F(kl)} nats" : "infinite (a predicted value has zero target share)";
}
