using System.Text.Json;
using Facebench.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Facebench.Pipelines.Tests;

/// <summary>
/// pipelines/ganfit-photos.yaml on the real photos (LFPW image_0010, scikit-image's astronaut), Haar faces and dlib
/// landmarks: the issue's claim that the identity loss makes the render look more like the person, per photo.
/// </summary>
public sealed class GanfitPhotosPipelineTests(ITestOutputHelper output)
{
    [FacePluginFact]
    public async Task On_every_photo_the_identity_loss_raises_the_identity_cosine_of_render_and_photo()
    {
        using var run = await PipelineRun.Start("ganfit-photos");

        Assert.Equal(0, run.ExitCode);
        var ids = new List<string>();
        foreach (string line in File.ReadLines(Path.Combine(run.Directory, "results.jsonl")))
        {
            JsonElement sample = JsonDocument.Parse(line).RootElement;
            JsonElement result = sample.GetProperty("facets").GetProperty("texture_gan");
            string id = sample.GetProperty("id").GetString()!;
            double on = result.GetProperty("generator_identity_cosine").GetDouble();
            double off = result.GetProperty("generator_identity_cosine_without_identity").GetDouble();
            output.WriteLine($"{id}: identity cosine with identity loss {on:F4}, without {off:F4}, linear {result.GetProperty("linear_identity_cosine").GetDouble():F4}");
            Assert.True(on > off, $"{id}: identity cosine with the identity loss {on:F4}, without {off:F4}");
            ids.Add(id);
        }

        Assert.Equal(["astronaut.png", "image_0010.png"], ids.Order(StringComparer.Ordinal));
        Assert.Contains("identity loss off", File.ReadAllText(Path.Combine(run.Directory, "report.html")), StringComparison.Ordinal);
    }
}
