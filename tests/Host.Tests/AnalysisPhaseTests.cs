using System.Text.Json;
using Facebench.Host.Cli;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>
/// The analysis phase: analyses run once after a run's samples (or once by merge), their outputs are stored in the
/// run folder, and <c>facebench report</c> re-renders from them without running any analysis.
/// </summary>
public sealed class AnalysisPhaseTests
{
    private static readonly string[] TestPlugins = [HostTestEnvironment.TestPlugins];

    private static string Pipeline(HostTestEnvironment env, bool fail = false) => env.Write("tally.yaml", $$"""
        name: tally
        seed: 5
        source: { use: test.count, with: { count: 30 } }
        stages:
          - use: test.work
        analyses:
          - use: test.tally
            with: { fail: {{(fail ? "true" : "false")}} }
        report:
          - use: test.tally-report
          - use: test.sum
        """);

    private static Task<int> Run(string pipeline, string output, string? shard = null) =>
        RunCommand.ExecuteAsync(new RunCommand.Request(pipeline, output, [], null, shard, false, 1, TestPlugins), default);

    // test.tally appends a line here each time it runs (the test plugins are loaded by the host, not referenced).
    private static int Invocations(string run) =>
        File.Exists(Path.Combine(run, "tally-invocations.txt")) ? File.ReadAllLines(Path.Combine(run, "tally-invocations.txt")).Length : 0;

    private static Dictionary<string, double> Metrics(string run) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement.GetProperty("metrics")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    [Fact]
    public async Task Report_on_a_finished_run_recomputes_nothing_and_renders_the_same_report()
    {
        using var env = new HostTestEnvironment();
        string run = Path.Combine(env.Directory, "run");
        Assert.Equal(ExitCodes.Ok, await Run(Pipeline(env), run));

        string stored = Path.Combine(run, "analyses", "test.tally.json");
        Assert.Equal(1, Invocations(run));
        var metrics = Metrics(run);
        Assert.Equal(30, metrics["test.tally-report.samples"]);
        Assert.Equal(metrics["test.sum.sum"], metrics.Where(m => m.Key.StartsWith("test.tally-report.sum.", StringComparison.Ordinal)).Sum(m => m.Value));
        byte[] storedBytes = File.ReadAllBytes(stored);
        DateTime storedTime = File.GetLastWriteTimeUtc(stored);
        string markdown = File.ReadAllText(Path.Combine(run, "report.md"));
        string summary = File.ReadAllText(Path.Combine(run, "summary.json"));
        File.Delete(Path.Combine(run, "report.md"));

        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(run, TestPlugins));

        Assert.Equal(1, Invocations(run));
        Assert.Equal(storedBytes, File.ReadAllBytes(stored));
        Assert.Equal(storedTime, File.GetLastWriteTimeUtc(stored));
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(run, "report.md")));
        Assert.Equal(summary, File.ReadAllText(Path.Combine(run, "summary.json")));
    }

    [Fact]
    public async Task Shards_run_no_analysis_and_merge_runs_each_once_on_all_samples()
    {
        using var env = new HostTestEnvironment();
        string pipeline = Pipeline(env);
        string whole = Path.Combine(env.Directory, "whole");
        await Run(pipeline, whole);
        var shards = new List<string>();
        for (int i = 1; i <= 3; i++)
        {
            string shard = Path.Combine(env.Directory, $"shard{i}");
            Assert.Equal(ExitCodes.Ok, await Run(pipeline, shard, $"{i}/3")); // the tally section waits for merge, it has not failed
            Assert.Contains("Not in this run yet", File.ReadAllText(Path.Combine(shard, "report.md")));
            Assert.Equal(0, Invocations(shard));
            Assert.False(Directory.Exists(Path.Combine(shard, "analyses")));
            shards.Add(shard);
        }

        string merged = Path.Combine(env.Directory, "merged");
        Assert.Equal(ExitCodes.Ok, MergeCommand.Execute([.. shards], merged, TestPlugins));
        Assert.Equal(1, Invocations(merged));
        Assert.Equal(Metrics(whole), Metrics(merged));
        Assert.Equal(
            JsonDocument.Parse(File.ReadAllText(Path.Combine(whole, "analyses", "test.tally.json"))).RootElement.GetProperty("output").GetRawText(),
            JsonDocument.Parse(File.ReadAllText(Path.Combine(merged, "analyses", "test.tally.json"))).RootElement.GetProperty("output").GetRawText());
    }

    [Fact]
    public async Task A_failing_analysis_is_stored_with_its_error_and_its_section_says_why()
    {
        using var env = new HostTestEnvironment();
        string run = Path.Combine(env.Directory, "run");
        Assert.Equal(ExitCodes.SomeFailed, await Run(Pipeline(env, fail: true), run));

        var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "analyses", "test.tally.json"))).RootElement;
        Assert.Contains("the tally was told to fail", stored.GetProperty("error").GetString());
        string markdown = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.Contains("analysis 'test.tally' (test.tally) failed", markdown);
        Assert.Contains("test.sum.sum", Metrics(run).Keys); // the other sections are still there
    }

    [Fact]
    public void An_analysis_listed_twice_without_names_is_a_pipeline_error()
    {
        using var env = new HostTestEnvironment();
        string pipeline = env.Write("twice.yaml", """
            name: twice
            source: { use: test.count, with: { count: 3 } }
            analyses:
              - use: test.tally
              - use: test.tally
            """);
        Assert.Equal(ExitCodes.InvalidInput, ValidateCommand.Execute(pipeline, [], TestPlugins));
    }
}
