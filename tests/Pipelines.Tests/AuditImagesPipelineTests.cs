using System.Text.Json;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>
/// pipelines/audit-images.yaml through the host, reduced (fewer renders, shorter fits): labelled renders in two
/// groups differing in shape and albedo, three priors side by side (reference head, balanced and skewed model.pca),
/// fr_feature embeddings with a group probe, SSR-Net's gender, photometric fits; the real photos as a second source
/// (Haar and dlib on them only, the same embedding, SSR-Net and fit); then the report re-rendered from the stored
/// analyses.
/// </summary>
public sealed class AuditImagesPipelineTests
{
    [FacePluginFact("fr_feature.onnx", "fr_gender.onnx", "fr_age.onnx")]
    public async Task Reduced_image_audit_has_every_section_with_sane_values_and_re_renders_without_recomputing()
    {
        using var run = await PipelineRun.Start("audit-images",
            "source[0].with.count=40", "source[0].with.priors[0].count=8", "source[0].with.priors[1].count=8", "source[0].with.priors[2].count=8",
            "stages[5].with.iterations=20", "stages[5].with.appearance_iterations=10", "stages[6].with.iterations=20", "stages[6].with.appearance_iterations=10",
            "analyses[3].with.resamples=200", "analyses[3].with.permutations=200",
            "analyses[4].with.size=8", "analyses[4].with.train_size=12", "analyses[4].with.rounds=2", "analyses[4].with.per_round=8", "analyses[4].with.iterations=4");

        Assert.Equal(0, run.ExitCode);
        IReadOnlyDictionary<string, double> m = run.Metrics;
        var renders = run.Samples.Where(s => s.Labels.GetValueOrDefault("source") == "renders").ToList();
        var photos = run.Samples.Where(s => s.Labels.GetValueOrDefault("source") == "photos").ToList();
        Assert.Equal(64, renders.Count);
        Assert.Equal(20, renders.Count(s => s.Labels.GetValueOrDefault("group") == "A"));
        Assert.Equal(8, renders.Count(s => s.Labels.GetValueOrDefault("prior") == "skewed"));

        // The photos: every image file of ../shared/data and the astronaut; labelled by folder, never by group (the
        // probe trains on 'group'); Haar and dlib ran on them only.
        string data = RepositoryPaths.Shared("data");
        int photoFiles = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Count(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp" or ".bmp") + 1;
        Assert.Equal(photoFiles, photos.Count);
        Assert.Equal(run.Samples.Count, renders.Count + photos.Count);
        Assert.All(photos, s => Assert.False(s.Labels.ContainsKey("group"), $"{s.Id} has a group label"));
        Assert.Equal(photos.Count - 1, photos.Count(s => s.Labels.ContainsKey("folder"))); // all but the astronaut
        Assert.All(photos, s => Assert.True(s.TimingsMs.ContainsKey("detect.haar"), $"{s.Id}: no face detection"));
        Assert.All(renders, s => Assert.False(s.TimingsMs.ContainsKey("detect.haar") || s.TimingsMs.ContainsKey("age"), $"{s.Id} went through a photos-only stage"));
        var fittedPhotos = photos.Where(s => !s.Failed).ToList();
        Assert.NotEmpty(fittedPhotos);

        // The probe tells the groups apart better than chance on held-out renders.
        Assert.InRange(m["group-probe.accuracy"], 0.6, 1.0);

        // Each prior is read as a distribution over A and B; the PCA models are set beside their make-up, the
        // reference head (which discloses none) is not.
        foreach (string prior in new[] { "reference", "balanced", "skewed" })
        {
            Assert.Equal(1, m[$"priors-group.prior.read.{prior}.A"] + m[$"priors-group.prior.read.{prior}.B"], 9);
            Assert.Equal(1, m[$"priors-gender.prior.read.{prior}.female"] + m[$"priors-gender.prior.read.{prior}.male"], 9);
            Assert.InRange(m[$"priors-group.prior.tv.{prior}"], 0, 0.5);
        }

        Assert.False(m.ContainsKey("priors-group.prior.makeup_tv.reference"));
        // TV to a 90/10 make-up from any reading p(A) is |p(A) − 0.9|, to the target |p(A) − 0.5|.
        Assert.Equal(Math.Abs(m["priors-group.prior.read.skewed.A"] - 0.9), m["priors-group.prior.makeup_tv.skewed"], 9);
        Assert.Equal(Math.Abs(m["priors-group.prior.read.balanced.A"] - 0.5), m["priors-group.prior.makeup_tv.balanced"], 9);

        using (var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, "analyses", "fit-disparity.json"))))
        {
            JsonElement output = stored.RootElement.GetProperty("output");
            Assert.Equal(40, output.GetProperty("models")[0].GetProperty("fitted").GetInt32()); // the labelled renders, fitted by landmarks then pixels
            Assert.Equal(fittedPhotos.Count, output.GetProperty("unlabelled").GetInt32()); // the photos have no group; the priors' renders are not fitted
        }

        // What SSR-Net reads on the real photos (and only on them), and the fits per photo folder.
        using (var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, "analyses", "photos-gender.json"))))
        {
            JsonElement r = stored.RootElement.GetProperty("output").GetProperty("result");
            Assert.Equal(fittedPhotos.Count, r.GetProperty("samples").GetInt32());
            Assert.Equal(1, r.GetProperty("predicted").EnumerateObject().Sum(p => p.Value.GetDouble()), 9);
        }

        using (var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, "analyses", "fit-disparity-photos.json"))))
        {
            JsonElement output = stored.RootElement.GetProperty("output");
            Assert.Equal("folder", output.GetProperty("group_by").GetString());
            Assert.Equal(fittedPhotos.Count(s => s.Labels.ContainsKey("folder")), output.GetProperty("models")[0].GetProperty("fitted").GetInt32());
            Assert.Equal(run.Samples.Count(s => !s.Failed && !s.Labels.ContainsKey("folder") && !s.Labels.ContainsKey("prior")), output.GetProperty("unlabelled").GetInt32()); // fitted renders, the astronaut
        }

        Assert.InRange(m["photos-gender.tv"], 0, 0.5);

        Assert.True(m["report.fit-disparity.gap.reference"] >= 0);
        string markdown = File.ReadAllText(Path.Combine(run.Directory, "report.md"));
        foreach (string heading in new[] { "## Summary of findings", "## Model priors on images: group", "## Model priors on images: gender", "## Probe: group from embedding", "## Fitting disparity", "Golden-set debiasing on images", "## Predicted gender: the real photos", "## Predicted age: the real photos", "## Fitting disparity by folder" })
        {
            Assert.Contains(heading, markdown);
        }

        Assert.Contains("group: A 180 (90%), B 20 (10%)", markdown); // the skewed model's disclosed make-up

        // The golden loop on the labelled renders: round 0 (the biased probe) and two rounds, a KDE strip for each round.
        using (var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, "analyses", "golden-images.json"))))
        {
            JsonElement output = golden.RootElement.GetProperty("output");
            Assert.False(output.TryGetProperty("problem", out JsonElement problem) && problem.ValueKind == JsonValueKind.String, $"the golden loop found a problem: {problem}");
            Assert.Equal(3, output.GetProperty("rounds").GetArrayLength());
        }

        Assert.All([1, 2], k => Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"golden.images-density-strip-round{k}.png")), $"no strip for round {k}"));

        string[] analyses = [.. Directory.GetFiles(Path.Combine(run.Directory, "analyses")).Order(StringComparer.Ordinal)];
        var before = analyses.ToDictionary(f => f, File.ReadAllBytes);
        File.Delete(Path.Combine(run.Directory, "report.md"));
        var again = FacebenchProcess.Run("report", run.Directory);
        Assert.True(again.Code == 0, again.ToString());
        Assert.DoesNotContain("Analysis '", again.Out + again.Err, StringComparison.Ordinal);
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(run.Directory, "report.md")));
        Assert.All(analyses, f => Assert.Equal(before[f], File.ReadAllBytes(f)));
    }
}
