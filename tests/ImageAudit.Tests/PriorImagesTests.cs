using System.Collections.Immutable;
using System.Text.Json;
using Facebench.Contracts;
using Facebench.Plugins.Audit;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>The prior audit on images: analysis.attribute-distribution alone, and pipelines/prior-images.yaml through the host.</summary>
public sealed class PriorImagesTests
{
    [Fact]
    public void Distribution_of_predictions_against_a_target()
    {
        static Sample With(string id, string label, double p) => new Sample(id).With(FaceAttributeFacets.Attributes,
            (IReadOnlyDictionary<string, AttributePrediction>)ImmutableSortedDictionary<string, AttributePrediction>.Empty.Add("gender",
                new AttributePrediction(label, p, new Dictionary<string, double> { [label] = p, [label == "male" ? "female" : "male"] = 1 - p })));
        List<Sample> samples = [With("a", "male", 0.9), With("b", "male", 0.7), With("c", "male", 0.6), With("d", "female", 0.8), new Sample("e")];
        var analysis = new AttributeDistributionAnalysis();
        analysis.Initialize(new AttributeDistributionOptions { Head = "gender", Target = new() { ["female"] = 1, ["male"] = 1 } }, new TestPluginContext());
        var output = (AttributeDistributionOutput)analysis.Analyze(new ReportContext("p", "r", Path.GetTempPath(), samples));

        Assert.Equal(4, output.Result.Samples);
        Assert.Equal(1, output.Skipped);
        Assert.Equal(0.75, output.Result.Predicted["male"], 12);
        Assert.Equal((0.9 + 0.7 + 0.6 + 0.2) / 4, output.Result.MeanProbability["male"], 12);
        Assert.Equal(0.25, output.Result.TotalVariation, 12); // ½ (|0.75 − 0.5| + |0.25 − 0.5|)
        Assert.Equal((0.75 * Math.Log(0.75 / 0.5)) + (0.25 * Math.Log(0.25 / 0.5)), output.Result.KullbackLeibler, 12);
        Assert.True(output.Findings.Single().Concern);

        // `where` keeps only the samples with the label values asked for: here the two labelled photos.
        samples = [samples[0].WithLabel("source", "photos"), samples[1], samples[2], samples[3].WithLabel("source", "photos"), samples[4].WithLabel("source", "photos")];
        var photos = new AttributeDistributionAnalysis();
        photos.Initialize(new AttributeDistributionOptions { Head = "gender", Target = new() { ["female"] = 1, ["male"] = 1 }, Where = new() { ["source"] = "photos" } }, new TestPluginContext());
        var onPhotos = (AttributeDistributionOutput)photos.Analyze(new ReportContext("p", "r", Path.GetTempPath(), samples));
        Assert.Equal(2, onPhotos.Result.Samples);
        Assert.Equal(1, onPhotos.Skipped);
        Assert.Equal(0.5, onPhotos.Result.Predicted["male"], 12);
        Assert.Equal(0, onPhotos.Result.TotalVariation, 12);
    }

    [FacePluginFact("fr_age.onnx", "fr_gender.onnx")]
    public void Prior_images_pipeline_renders_classifies_and_stores_both_distributions()
    {
        string run = Path.Combine(Directory.CreateTempSubdirectory("facebench-prior-images").FullName, "run");
        var result = FacebenchProcess.Run("run", Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", "prior-images.yaml"), "--out", run, "--set", "source.with.count=12");

        Assert.True(result.Code == 0, result.ToString());
        foreach (string name in new[] { "prior-gender", "prior-age" })
        {
            using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "analyses", name + ".json")));
            JsonElement r = stored.RootElement.GetProperty("output").GetProperty("result");
            Assert.Equal(12, r.GetProperty("samples").GetInt32());
            var predicted = r.GetProperty("predicted").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var target = r.GetProperty("target").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(1, predicted.Values.Sum(), 9);
            double tv = 0.5 * predicted.Keys.Union(target.Keys).Sum(k => Math.Abs(predicted.GetValueOrDefault(k) - target.GetValueOrDefault(k)));
            Assert.Equal(tv, r.GetProperty("total_variation").GetDouble(), 9);
        }

        string markdown = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.Contains("Predicted gender against the target", markdown);
        Assert.Contains("Predicted age against the target", markdown);
    }
}
