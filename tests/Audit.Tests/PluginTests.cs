using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Plugins.Audit;
using Facebench.Plugins.Classify.LinearProbe;
using Facebench.Plugins.Dataset.Synthetic;
using Facebench.Testing;

namespace Facebench.Audit.Tests;

public sealed class PluginTests
{
    [Fact]
    public void Linear_probe_that_cannot_be_trained_says_why()
    {
        var context = new TestPluginContext().WithComponent("g", ModelAndFeatureTests.Reference.Value);
        var error = Assert.Throws<PluginInputException>(() => new LinearProbePlugin().Initialize(
            new LinearProbeOptions { Generator = "g", Count = 20, Groups = [new PopulationGroup { Name = "only" }] }, context));
        Assert.Contains("cannot train a classifier of 'group'", error.Message);
        Assert.Contains("only one class", error.Message);
    }

    [Fact]
    public void Linear_probe_reports_held_out_metrics_and_calibration()
    {
        var context = new TestPluginContext().WithComponent("g", ModelAndFeatureTests.Reference.Value);
        var plugin = new LinearProbePlugin();
        plugin.Initialize(new LinearProbeOptions
        {
            Generator = "g",
            Count = 120,
            Groups = [new() { Name = "A", Components = [0, 1], Offset = [-1, -1] }, new() { Name = "B", Components = [0, 1], Offset = [1, 1] }],
        }, context);
        FaceAttributeClassifier c = plugin.Instance;
        Assert.Equal(["A", "B"], c.Classes);
        HeldOutEvaluation h = c.HeldOut!;
        Assert.Equal(30, h.Count);
        Assert.True(h.Metrics.Accuracy > 0.8, $"accuracy {h.Metrics.Accuracy}");
        Assert.Equal(2, h.Calibration.Count);
    }

    [Fact]
    public void Bias_report_says_when_a_group_is_too_small_for_a_ci()
    {
        IMorphableModel model = ModelAndFeatureTests.Reference.Value;
        var context = new TestPluginContext(seed: 5).WithComponent("model", model);
        var source = new SyntheticDatasetPlugin();
        source.Initialize(new SyntheticDatasetOptions
        {
            Model = "model",
            Count = 30,
            ExpressionScale = 0,
            Groups = [new() { Name = "A", Proportion = 0.88 }, new() { Name = "B", Proportion = 0.12, Components = [3], Offset = [1] }],
        }, context);
        var fitter = new LandmarkFitter(model, new LandmarkFitterOptions { ExpressionCount = 0, Iterations = 30 });
        var samples = source.Read(default).Select(s =>
        {
            CameraIntrinsics camera = s.Get(MorphableFacets.Camera);
            fitter.Fit(s.Get(CoreFacets.Landmarks), camera.FocalLength, camera.Cx, camera.Cy);
            return s.With(FittingFacets.LandmarkFit, fitter.ToResult(camera));
        }).ToList();
        Assert.InRange(samples.Count(s => s.Labels["group"] == "B"), 1, 4);

        var board = new FindingsBoard();
        context.WithComponent("audit.findings", board);
        var report = new BiasReport();
        report.Initialize(new BiasReportOptions { TruthModel = "model", Resamples = 200, Permutations = 200 }, context);
        var summary = new AuditSummaryReport();
        summary.Initialize(new AuditSummaryOptions(), context);
        var run = new ReportContext("test", "run", Path.GetTempPath(), samples);
        ReportSection top = summary.Build(run);
        ReportSection section = report.Build(run);
        string text = string.Join("\n", section.Blocks.OfType<ReportParagraph>().Select(p => p.Text))
            + string.Join("\n", section.Blocks.OfType<ReportTable>().SelectMany(t => t.Rows.SelectMany(r => r)));
        Assert.Contains("too few for a confidence interval", text);
        Assert.Contains("too few for a CI", text);
        Assert.Contains(top.Blocks.OfType<ReportTable>().Single().Rows, r => r[2].Contains("too few for a confidence interval", StringComparison.Ordinal));
        Assert.Same(board.Analyses.Single(), report);
    }
}
