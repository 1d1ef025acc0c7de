using System.Text.Json;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>
/// Labelled photos through the host: FairFace's layout read by dataset.labelled-images, SSR-Net's gender head
/// (classify.onnx), and its per-group accuracy from analysis.attribute-accuracy, rendered by
/// report.attribute-evaluation; then the report re-rendered from the stored analysis.
/// </summary>
public sealed class LabelledPipelineTests
{
    [FacePluginFact("fr_gender.onnx")]
    public void FairFace_labels_flow_into_the_per_group_report()
    {
        string root = Directory.CreateTempSubdirectory("facebench-fairface-run").FullName;
        // FairFace's crops are whole faces; here the LFPW photo and a close-up VOC photo stand in, twice each.
        string[] photos = ["data/lfpw-sample/image_0010.png", "data/dlib-faces/2008_001009.jpg"];
        var rows = new List<string> { "file,age,gender,race,service_test" };
        for (int i = 0; i < 4; i++)
        {
            string file = $"train/{i + 1}.jpg";
            Directory.CreateDirectory(Path.Combine(root, "train"));
            File.Copy(RepositoryPaths.Shared(photos[i % 2]), Path.Combine(root, file));
            rows.Add($"{file},30-39,Female,{(i < 2 ? "White" : "East Asian")},True");
        }

        rows.Add("train/9.jpg,20-29,Male,Black,False"); // listed, but not there: that sample fails alone
        File.WriteAllLines(Path.Combine(root, "fairface_label_train.csv"), rows);
        string pipeline = Path.Combine(root, "fairface.yaml");
        File.WriteAllText(pipeline, $$"""
            name: fairface-gender
            seed: 1
            components:
              gender_net: { use: infer.onnx, with: { path: {{FacePluginModels.Model("fr_gender.onnx")}} } }
            source:
              use: dataset.labelled-images
              with: { path: {{root}}, layout: fair_face, labels: {{Path.Combine(root, "fairface_label_train.csv")}} }
            stages:
              - use: classify.onnx
                with:
                  model: gender_net
                  box_scale: 1.4
                  square: false
                  channels: bgr
                  mean: [0.485, 0.456, 0.406]
                  std: [0.229, 0.224, 0.225]
                  heads: { gender: { decoder: ssr_net, range: 1, labels: [Female, Male] } }
            analyses:
              - { use: analysis.attribute-accuracy, name: gender-by-race, with: { head: gender, group_by: race } }
            report:
              - { use: report.attribute-evaluation, with: { analysis: gender-by-race } }
            """);
        string run = Path.Combine(root, "run");

        var result = FacebenchProcess.Run("run", pipeline, "--out", run);

        Assert.True(result.Code == 1, result.ToString()); // one listed image is missing
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "analyses", "gender-by-race.json")));
        JsonElement metrics = stored.RootElement.GetProperty("output").GetProperty("evaluation").GetProperty("metrics");
        Assert.Equal(["East Asian", "White"], metrics.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        Assert.All(metrics.GetProperty("groups").EnumerateArray(), g => Assert.Equal(2, g.GetProperty("count").GetInt32()));
        string markdown = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.Contains("Accuracy per race", markdown);
        Assert.Contains("train/9.jpg", markdown); // the failed sample is listed with its error

        File.Delete(Path.Combine(run, "report.md"));
        var again = FacebenchProcess.Run("report", run);
        Assert.True(again.Code == 0, again.ToString());
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(run, "report.md")));
    }
}
