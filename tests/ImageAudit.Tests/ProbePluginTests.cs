using System.Text.Json;
using Facebench.Audit.Classifiers;
using Facebench.Contracts;
using Facebench.Plugins.Audit;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>
/// The probe plugins as the host drives them: analysis.attribute-probe trains on a run's embedded, labelled samples
/// and saves the probe; classify.probe loads it and predicts; analysis.attribute-accuracy and
/// report.attribute-evaluation judge and show the predictions per group from the stored output.
/// </summary>
public sealed class ProbePluginTests
{
    [FacePluginFact("fr_feature.onnx")]
    public void Train_save_load_predict_and_report_per_group()
    {
        string run = Directory.CreateTempSubdirectory("facebench-probe-run").FullName;
        List<Sample> samples = [.. LabelledRenders.Embedded(count: 160, seed: 5).Select((e, i) =>
            new Sample(e.Id) { Index = i }.WithLabel("group", e.Label).With(FaceAttributeFacets.Embedding, e.Features.Select(v => (float)v).ToArray()))];
        var context = new ReportContext("probe", "run", run, samples);

        var train = new AttributeProbeAnalysis();
        train.Initialize(new AttributeProbeOptions { Attribute = "group", Save = "probes/group.probe" }, new TestPluginContext(seed: 9, runDirectory: run));
        var trained = (AttributeEvaluationOutput)train.Analyze(context);
        Assert.True(trained.Evaluation.Metrics.Accuracy > 0.75, $"held-out accuracy {trained.Evaluation.Metrics.Accuracy:P1}");
        string saved = Path.Combine(run, "probes", "group.probe");
        Assert.True(File.Exists(saved));

        var stage = new ProbeStage();
        stage.Initialize(new ProbeStageOptions { Path = saved, Head = "group_probe" }, new TestPluginContext());
        List<Sample> predicted = [.. samples.Select(s => stage.Process(s, default))];
        AttributeProbe probe = AttributeProbe.Load(saved);
        Assert.All(predicted, s => Assert.Equal(
            probe.Predict([.. s.Get(FaceAttributeFacets.Embedding).Select(v => (double)v)]).Label, s.Get(FaceAttributeFacets.Attributes)["group_probe"].Label));

        var judge = new AttributeAccuracyAnalysis();
        judge.Initialize(new AttributeAccuracyOptions { Head = "group_probe", Truth = "group" }, new TestPluginContext());
        var judged = (AttributeEvaluationOutput)judge.Analyze(new ReportContext("probe", "run", run, predicted));
        Assert.Equal(samples.Count, judged.Evaluation.Count);
        int right = predicted.Count(s => s.Get(FaceAttributeFacets.Attributes)["group_probe"].Label == s.Labels["group"]);
        Assert.Equal(right / (double)samples.Count, judged.Evaluation.Metrics.Accuracy, 12);

        // Stored as the host stores it, read back by the report section.
        var stored = new StoredAnalysis("judge", "analysis.attribute-accuracy", "1.0.0", JsonSerializer.SerializeToElement(judged, FacebenchJson.Options), null);
        var report = new AttributeEvaluationReport();
        report.Initialize(new AttributeEvaluationReportOptions { Analysis = "judge" }, new TestPluginContext());
        ReportSection section = report.Build(new ReportContext("probe", "run", run, predicted, new Dictionary<string, StoredAnalysis> { ["judge"] = stored }));
        Assert.Equal(judged.Evaluation.Metrics.Accuracy, section.Metrics.Single(m => m.Name == "accuracy").Value);
        var confusion = section.Blocks.OfType<ReportTable>().Single(t => t.Caption.StartsWith("Confusion", StringComparison.Ordinal));
        Assert.Equal(["true \\ predicted", "A", "B"], confusion.Columns);
        Assert.Equal(samples.Count, confusion.Rows.Sum(r => r.Skip(1).Sum(int.Parse)));
        Assert.Single(section.Blocks.OfType<ReportFigure>());
    }

    [Fact]
    public void A_sample_without_the_feature_is_an_error_naming_it()
    {
        string run = Directory.CreateTempSubdirectory("facebench-probe-missing").FullName;
        var examples = Enumerable.Range(0, 40).Select(i => new ProbeExample($"s{i}", [i % 2, (i * 7 % 5) / 5.0], i % 2 == 0 ? "a" : "b", "g")).ToList();
        var probe = AttributeProbe.Train(examples, "kind", "embedding", new Classification.SoftmaxRegressionOptions(), 0.25, 5, "test");
        string path = Path.Combine(run, "kind.probe");
        probe.Save(path);
        var stage = new ProbeStage();
        stage.Initialize(new ProbeStageOptions { Path = path }, new TestPluginContext());
        var e = Assert.Throws<PluginInputException>(() => stage.Process(new Sample("no-embedding"), default));
        Assert.Contains("no-embedding", e.Message);
        Assert.Contains("'embedding'", e.Message);
        var wrong = new Sample("short").With(FaceAttributeFacets.Embedding, new float[3]);
        Assert.Contains("trained on 2", Assert.Throws<PluginInputException>(() => stage.Process(wrong, default)).Message);
        Assert.Equal("a", stage.Process(new Sample("ok").With(FaceAttributeFacets.Embedding, [0f, 0.2f]), default).Get(FaceAttributeFacets.Attributes)["kind"].Label);
    }
}
