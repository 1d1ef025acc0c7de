using System.Text.Json;
using Facebench.Host.Cli;
using Facebench.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Facebench.Pipelines.Tests;

/// <summary>
/// pipelines/golden-images.yaml through the host, reduced (fewer renders, rounds, samples and steps): the golden-set
/// loop on face-recognition embeddings of renders stores K + 1 rounds, the MMD falls within every round, the report
/// draws one density strip per round, and <c>facebench report</c> on the finished run recomputes nothing.
/// </summary>
public sealed class GoldenImagesPipelineTests(ITestOutputHelper output)
{
    private const int Rounds = 2;

    [FacePluginFact]
    public async Task The_golden_loop_on_images_lowers_the_mmd_each_round_and_reports_a_strip_per_round_without_recomputing()
    {
        using var run = await PipelineRun.Start(
            "golden-images", "source.with.count=120", "analyses[0].with.train_size=40", $"analyses[0].with.rounds={Rounds}",
            "analyses[0].with.per_round=12", "analyses[0].with.iterations=6");
        Assert.Equal(0, run.ExitCode);

        string stored = Path.Combine(run.Directory, "analyses", "analysis.golden-images.json");
        JsonElement result = JsonDocument.Parse(File.ReadAllText(stored)).RootElement.GetProperty("output");
        Assert.False(result.TryGetProperty("problem", out JsonElement problem) && problem.ValueKind == JsonValueKind.String, $"the analysis found a problem: {problem}");
        JsonElement[] rounds = [.. result.GetProperty("rounds").EnumerateArray()];
        Assert.Equal(Rounds + 1, rounds.Length);
        foreach (JsonElement round in rounds.Skip(1))
        {
            double[] mmd = [.. round.GetProperty("generation").GetProperty("mmd").EnumerateArray().Select(e => e.GetDouble())];
            output.WriteLine($"round {round.GetProperty("round").GetInt32()}: MMD {mmd[0]:F4} → {mmd[^1]:F4}");
            Assert.Equal(7, mmd.Length);
            Assert.True(mmd[^1] < mmd[0], $"the MMD rose within a round: {mmd[0]} → {mmd[^1]}");
        }

        Assert.Equal(Rounds, result.GetProperty("strips").EnumerateObject().Count());
        string[] strips = [.. Directory.GetFiles(Path.Combine(run.Directory, "figures"), "golden.images-density-strip-round*.svg").Select(Path.GetFileName).Order()!];
        Assert.Equal([.. Enumerable.Range(1, Rounds).Select(k => $"golden.images-density-strip-round{k}.svg")], strips);
        Assert.All(strips, s => Assert.True(File.Exists(Path.Combine(run.Directory, "figures", Path.ChangeExtension(s, ".png")))));

        IReadOnlyDictionary<string, double> metrics = run.Metrics;
        double before = metrics["golden.images.golden_images.worst_group_accuracy.before"], after = metrics["golden.images.golden_images.worst_group_accuracy.after"];
        output.WriteLine($"worst-group accuracy {before:P1} → {after:P1}");
        Assert.InRange(before, 0, 1);
        Assert.InRange(after, 0, 1);
        string markdown = File.ReadAllText(Path.Combine(run.Directory, "report.md"));
        Assert.Contains("Golden-set debiasing on images", markdown, StringComparison.Ordinal);
        Assert.Contains("acc. B", markdown, StringComparison.Ordinal);

        // The report names the loop's wall-clock time: a re-run of the analysis would change it, and the stored file.
        byte[] storedBytes = File.ReadAllBytes(stored);
        DateTime storedTime = File.GetLastWriteTimeUtc(stored);
        string summary = File.ReadAllText(Path.Combine(run.Directory, "summary.json"));
        File.Delete(Path.Combine(run.Directory, "report.md"));
        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(run.Directory, [RepositoryPaths.PluginsFolder]));
        Assert.Equal(storedBytes, File.ReadAllBytes(stored));
        Assert.Equal(storedTime, File.GetLastWriteTimeUtc(stored));
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(run.Directory, "report.md")));
        Assert.Equal(summary, File.ReadAllText(Path.Combine(run.Directory, "summary.json")));
    }
}
