using System.Text.Json;
using Facebench.Contracts.Morphable;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>The photometric pipeline on the embedded defaults, through the host: rendered faces, landmark fit, photometric fit, report.</summary>
public sealed class PhotometricPipelineTests
{
    [Fact]
    public async Task The_photometric_reference_pipeline_runs_on_the_embedded_defaults()
    {
        using var run = await PipelineRun.Start("photometric-reference", "source.with.count=6");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(6, run.Metrics["report.fit-errors.fitted"]);
        var fits = run.Samples.Select(s => s.Get(PhotometricFacets.Fit)).ToList();
        Assert.Equal(6, fits.Count);
        Assert.All(fits, f => Assert.True(f.PhotometricError < 0.5 && f.PhotometricError < f.InitialPhotometricError, $"{f.PhotometricError:F3} vs {f.InitialPhotometricError:F3} grey levels"));

        // The stored record keeps what phase-2 reports compare: errors before and after, landmark NME, time, coefficients.
        string line = File.ReadLines(Path.Combine(run.Directory, "results.jsonl")).First();
        JsonElement record = JsonDocument.Parse(line).RootElement.GetProperty("facets").GetProperty("photometric_fit");
        foreach (string key in new[] { "photometric_error", "initial_photometric_error", "landmark_nme", "initial_landmark_nme", "texture_coefficients", "lighting", "fit_time_ms", "crop" })
        {
            Assert.True(record.TryGetProperty(key, out _), $"photometric_fit has no '{key}'");
        }

        Assert.False(line.Contains("photometric_render", StringComparison.Ordinal), "the render facet is not persisted");
    }
}
