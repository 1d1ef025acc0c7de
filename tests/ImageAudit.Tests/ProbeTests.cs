using Facebench.Audit.Classifiers;
using Facebench.Classification;
using Facebench.Contracts;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.ImageAudit.Tests;

/// <summary>Probes (ML.NET softmax regression) on face-recognition embeddings of labelled images.</summary>
public sealed class ProbeTests(ITestOutputHelper output)
{
    private static readonly Lazy<List<ProbeExample>> Renders = new(() => LabelledRenders.Embedded(count: 160, seed: 5));

    [FacePluginFact("fr_feature.onnx")]
    public void A_probe_on_embeddings_of_labelled_renders_beats_chance_on_held_out_faces()
    {
        List<ProbeExample> examples = Renders.Value;
        var probe = AttributeProbe.Train(examples, "group", "embedding", new SoftmaxRegressionOptions { L2 = 0.05, Seed = 3 }, 0.3, 5, "test renders");
        ProbeEvaluation heldOut = probe.HeldOut!;
        int n = heldOut.Count;
        double majority = examples.GroupBy(e => e.Label).Max(g => g.Count()) / (double)examples.Count;
        double margin = 3 * Math.Sqrt(majority * (1 - majority) / n);
        output.WriteLine($"{examples.Count} labelled renders, {probe.TrainingMakeup}; held-out n={n} accuracy {heldOut.Metrics.Accuracy:P1} (majority share {majority:P1}, 3 s.e. {margin:P1}), worst group {heldOut.Metrics.WorstGroup} {heldOut.Metrics.WorstGroupAccuracy:P1}");
        Assert.InRange(n, 20, examples.Count / 2);
        Assert.True(heldOut.Metrics.Accuracy > majority + margin, $"held-out accuracy {heldOut.Metrics.Accuracy:P1} is within 3 standard errors of always answering the majority ({majority:P1})");
        Assert.Equal(n, heldOut.Confusion.Counts.Sum(row => row.Sum()));
        Assert.Equal(heldOut.Metrics.Accuracy, Enumerable.Range(0, heldOut.Confusion.Classes.Count).Sum(c => heldOut.Confusion.Counts[c][c]) / (double)n, 9);
        Assert.Equal(["A", "B"], heldOut.Calibration.Select(c => c.Class));
    }

    [FacePluginFact("fr_feature.onnx")]
    public void A_saved_probe_loads_and_predicts_exactly_the_same()
    {
        List<ProbeExample> examples = Renders.Value;
        var probe = AttributeProbe.Train(examples, "group", "embedding", new SoftmaxRegressionOptions { Seed = 4 }, 0.25, 5, "test renders");
        string path = Path.Combine(Directory.CreateTempSubdirectory("facebench-probe").FullName, "group.probe");
        probe.Save(path);
        AttributeProbe loaded = AttributeProbe.Load(path);

        Assert.Equal(probe.Attribute, loaded.Attribute);
        Assert.Equal(probe.Feature, loaded.Feature);
        Assert.Equal(probe.TrainingMakeup.ToString(), loaded.TrainingMakeup.ToString());
        Assert.Equal(probe.Model.Classes, loaded.Model.Classes);
        foreach (ProbeExample e in examples)
        {
            Assert.Equal(probe.Model.PredictProbabilities(e.Features), loaded.Model.PredictProbabilities(e.Features));
            Assert.Equal(probe.Predict(e.Features), loaded.Predict(e.Features), (a, b) => a.Label == b.Label && a.Score == b.Score);
        }

        // A loaded probe fine-tunes like the one it was saved from.
        var fineTuned = probe.Model.FineTune([.. examples.Take(20).Select(e => e.Features)], [.. examples.Take(20).Select(e => e.Label)], new SoftmaxRegressionOptions { Seed = 4 });
        var fineTunedLoaded = loaded.Model.FineTune([.. examples.Take(20).Select(e => e.Features)], [.. examples.Take(20).Select(e => e.Label)], new SoftmaxRegressionOptions { Seed = 4 });
        Assert.Equal(fineTuned.PredictProbabilities(examples[^1].Features), fineTunedLoaded.PredictProbabilities(examples[^1].Features));
    }

    [Fact]
    public void A_damaged_or_foreign_file_is_an_error_naming_it()
    {
        string dir = Directory.CreateTempSubdirectory("facebench-probe-bad").FullName;
        string missing = Path.Combine(dir, "none.probe");
        Assert.Contains("not found", Assert.Throws<PluginInputException>(() => AttributeProbe.Load(missing)).Message);
        string junk = Path.Combine(dir, "junk.probe");
        File.WriteAllText(junk, "not a zip");
        var e = Assert.Throws<PluginInputException>(() => AttributeProbe.Load(junk));
        Assert.StartsWith(junk, e.Message);
        Assert.Contains("not a readable probe", e.Message);
    }

    [Fact]
    public void Confusion_matrix_keeps_classes_never_predicted()
    {
        var m = ConfusionMatrix.Of(["a", "a", "b", "c"], ["a", "b", "b", "b"]);
        Assert.Equal(["a", "b", "c"], m.Classes);
        Assert.Equal([1, 1, 0], m.Counts[0]);
        Assert.Equal([0, 1, 0], m.Counts[1]);
        Assert.Equal([0, 1, 0], m.Counts[2]);
    }
}
