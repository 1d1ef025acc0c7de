using System.Text.Json;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>pipelines/ganfit.yaml through the host on the LFPW photo: landmarks, photometric fit, generator with the identity term and the geometry, report.</summary>
public sealed class GanfitPipelineTests
{
    [FacePluginFact]
    public async Task The_ganfit_pipeline_compares_the_linear_texture_with_the_generator()
    {
        using var run = await PipelineRun.Start("ganfit");

        Assert.Equal(0, run.ExitCode);
        string line = File.ReadLines(Path.Combine(run.Directory, "results.jsonl")).First();
        JsonElement result = JsonDocument.Parse(line).RootElement.GetProperty("facets").GetProperty("texture_gan");
        double linear = result.GetProperty("linear_identity_cosine").GetDouble();
        double generator = result.GetProperty("generator_identity_cosine").GetDouble();
        Assert.InRange(linear, -1, 1);
        Assert.InRange(generator, -1, 1);
        Assert.True(result.GetProperty("generator_photometric_mae").GetDouble() is > 0 and < 128);
        foreach (string file in new[] { "comparison", "mesh" })
        {
            string path = Path.Combine(run.Directory, result.GetProperty(file).GetString()!);
            Assert.True(File.Exists(path) && new FileInfo(path).Length > 1000, $"{path} is missing or empty");
        }

        Assert.StartsWith("v ", File.ReadLines(Path.Combine(run.Directory, result.GetProperty("mesh").GetString()!)).First(l => l.StartsWith("v ", StringComparison.Ordinal)), StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(run.Directory, "report.html"));
        Assert.Contains("Texture: linear model vs generator", report, StringComparison.Ordinal);

        // GANFIT's last stage moves the geometry by default, and the report's stage table shows by how much.
        Assert.True(result.GetProperty("joint_geometry").GetBoolean());
        Assert.True(result.GetProperty("shape_change").GetDouble() > 0);
        Assert.Contains("Stage by stage", report, StringComparison.Ordinal);
    }
}
