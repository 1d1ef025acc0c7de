using System.Text.Json;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Imaging;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>
/// Fitting disparity on labelled photos (issue 13, item 5) through the host: the project's five real face photos
/// (LFPW image_0010, dlib's four examples) as group "original", and the same photos at half brightness, written by
/// the test, as group "dark"; dataset.labelled-images reads the labels the test writes, Haar → dlib landmarks →
/// fit.photometric with the reference head, then analysis.fit-disparity and report.fit-disparity.
/// </summary>
public sealed class FitDisparityPipelineTests
{
    [AssetFact("data/lfpw-sample/image_0010.png", "data/dlib-faces/2008_001009.jpg", Assets.FrontalFace, Assets.DlibModel)]
    public async Task Per_group_errors_match_the_stored_fits_and_halving_the_brightness_lowers_the_pixel_error()
    {
        string root = Directory.CreateTempSubdirectory("facebench-fit-disparity").FullName;
        try
        {
            string[] photos = ["lfpw-sample/image_0010.png", "dlib-faces/2007_007763.jpg", "dlib-faces/2008_001009.jpg", "dlib-faces/2008_001322.jpg", "dlib-faces/2008_002079.jpg"];
            var rows = new List<string> { "file,lighting" };
            foreach (string photo in photos)
            {
                ImageBuffer image = ImageCodec.Load(RepositoryPaths.Shared("data", photo));
                string name = Path.GetFileNameWithoutExtension(photo);
                ImageCodec.SavePng(image, Path.Combine(root, name + ".png"));
                ImageCodec.SavePng(new ImageBuffer(image.Width, image.Height, image.Format, [.. image.Pixels.Select(p => (byte)(p / 2))]), Path.Combine(root, name + "-dark.png"));
                rows.Add($"{name}.png,original");
                rows.Add($"{name}-dark.png,dark");
            }

            File.WriteAllLines(Path.Combine(root, "labels.csv"), rows);
            string pipeline = Path.Combine(root, "fit-disparity.yaml");
            File.WriteAllText(pipeline, $$"""
                name: fit-disparity
                seed: 5
                components:
                  reference: { use: model.reference }
                  reference_texture: { use: texture.procedural, with: { model: reference } }
                source:
                  use: dataset.labelled-images
                  with: { path: {{root}}, layout: csv, labels: {{Path.Combine(root, "labels.csv")}} }
                stages:
                  - use: detect.haar
                  - use: landmarks.dlib
                    with: { box_mapping: haar }
                  - use: fit.photometric
                    with: { model: reference, texture: reference_texture, landmark_fit: landmark_fit.reference, facet: photometric_fit.reference, landmark_weight: 2, contours: false }
                analyses:
                  - { use: analysis.fit-disparity, name: disparity, with: { models: [reference], group_by: lighting, resamples: 500, permutations: 1000 } }
                report:
                  - { use: report.fit-disparity, with: { analysis: disparity } }
                """);

            using var run = await PipelineRun.StartFile(pipeline);

            Assert.Equal(0, run.ExitCode);
            var key = new FacetKey<PhotometricFitResult>("photometric_fit.reference");
            Dictionary<string, double> expected = run.Samples.Where(s => s.Has(key)).GroupBy(s => s.Labels["lighting"])
                .ToDictionary(g => g.Key, g => g.Average(s => s.Get(key).PhotometricError));
            Assert.Equal(2, expected.Count);

            using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, "analyses", "disparity.json")));
            JsonElement model = Assert.Single(stored.RootElement.GetProperty("output").GetProperty("models").EnumerateArray());
            Assert.Equal(10, model.GetProperty("fitted").GetInt32());
            JsonElement photometric = model.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("metric").GetString() == "photometric error").GetProperty("disparity");
            foreach (JsonElement g in photometric.GetProperty("groups").EnumerateArray())
            {
                JsonElement mean = g.GetProperty("mean");
                Assert.Equal(expected[g.GetProperty("group").GetString()!], mean.GetProperty("estimate").GetDouble(), 9);
                Assert.True(mean.GetProperty("lower").GetDouble() <= mean.GetProperty("estimate").GetDouble() && mean.GetProperty("estimate").GetDouble() <= mean.GetProperty("upper").GetDouble());
            }

            // Residuals in grey levels scale with the brightness: the darkened copies are fitted with the smaller error.
            JsonElement gap = photometric.GetProperty("gap");
            Assert.Equal("original", gap.GetProperty("worst").GetString());
            Assert.Equal("dark", gap.GetProperty("best").GetString());
            double p = gap.GetProperty("p_value").GetDouble();
            Assert.InRange(p, 0, 1);

            string report = File.ReadAllText(Path.Combine(run.Directory, "report.md"));
            Assert.Contains("Fitting disparity by lighting", report, StringComparison.Ordinal);
            Assert.Contains("original − dark", report, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
