using System.Text.Json;
using Facebench.Host.Cli;
using Facebench.Host.Running;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>Runs, failures, resume after cancellation, shards and merge, on the test plugins.</summary>
public sealed class RunnerTests
{
    private static readonly string[] TestPlugins = [HostTestEnvironment.TestPlugins];

    private static string Pipeline(HostTestEnvironment env, int count, int delayMs = 0, int failEvery = 0) => env.Write("p.yaml", $"""
        name: counting
        seed: 3
        source: {"{"} use: test.count, with: {"{"} count: {count} {"}"} {"}"}
        stages:
          - use: test.work
            with: {"{"} delay_ms: {delayMs}, fail_every: {failEvery} {"}"}
        report:
          - use: test.sum
        """);

    private static Task<int> Run(string pipeline, string output, CancellationToken token = default, string? shard = null, bool resume = false, int parallel = 2, long? limit = null, string[]? set = null) =>
        RunCommand.ExecuteAsync(new RunCommand.Request(pipeline, output, set ?? [], limit, shard, resume, parallel, TestPlugins), token);

    private static List<JsonElement> Lines(string runDirectory) =>
        [.. File.ReadAllLines(Path.Combine(runDirectory, ResultsFile.FileName)).Select(l => JsonDocument.Parse(l).RootElement)];

    private static Dictionary<string, double> Metrics(string runDirectory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "summary.json"))).RootElement.GetProperty("metrics")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    [Fact]
    public async Task A_run_writes_results_manifest_and_report()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");

        int code = await Run(Pipeline(env, 20), output);

        Assert.Equal(ExitCodes.Ok, code);
        var lines = Lines(output);
        Assert.Equal(20, lines.Count);
        Assert.Equal(20, lines.Select(l => l.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(lines, l => Assert.Equal("ok", l.GetProperty("status").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("timings_ms").GetProperty("test.work").GetDouble() >= 0));

        var manifest = RunManifest.Load(output);
        Assert.Equal("completed", manifest.Status);
        Assert.Equal(3, manifest.Seed);
        Assert.Equal(new RunCounts(20, 20, 0), manifest.Counts);
        Assert.Contains(manifest.Plugins, p => p.Id == "test.work" && p.Version == "1.0.0");
        Assert.True(manifest.StageTotalsMs.ContainsKey("test.work"));
        Assert.NotNull(manifest.EndedUtc);

        // The doubled values are 2 * ((i*37 + seed) mod 101), summed over i.
        double expected = Enumerable.Range(0, 20).Sum(i => 2.0 * (((i * 37) + 3) % 101));
        Assert.Equal(expected, Metrics(output)["test.sum.sum"]);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        Assert.True(File.Exists(Path.Combine(output, "figures", "test.sum-dots.svg")));
        byte[] png = File.ReadAllBytes(Path.Combine(output, "figures", "test.sum-dots.png"));
        Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(png, 1, 3));
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("href=\"figures/test.sum-dots.png\"", html, StringComparison.Ordinal);

        // Inline figures share the page's id namespace: each one's ids carry its own prefix, and every reference is to one of them.
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "\\bid=\"(fig-[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var references = System.Text.RegularExpressions.Regex.Matches(html, "url\\(#([^)]+)\\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
        Assert.All(references, r => Assert.StartsWith("fig-test_sum-dots-", r, StringComparison.Ordinal));
        Assert.Contains("![", File.ReadAllText(Path.Combine(output, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_sample_is_recorded_and_the_run_goes_on()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");

        int code = await Run(Pipeline(env, 10, failEvery: 4), output);

        Assert.Equal(ExitCodes.SomeFailed, code);
        var failed = Lines(output).Where(l => l.GetProperty("status").GetString() == "failed").ToList();
        Assert.Equal(["item-0000", "item-0004", "item-0008"], failed.Select(l => l.GetProperty("id").GetString()).Order());
        var error = failed[0].GetProperty("error");
        Assert.Equal("test.work", error.GetProperty("stage").GetString());
        Assert.Equal("InvalidOperationException", error.GetProperty("type").GetString());
        Assert.StartsWith("sample ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, Metrics(output)["test.sum.samples"]);
        Assert.Contains("Failed samples", File.ReadAllText(Path.Combine(output, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_after_cancellation_loses_and_duplicates_nothing()
    {
        using var env = new HostTestEnvironment();
        string pipeline = Pipeline(env, 60, delayMs: 20);
        string output = Path.Combine(env.Directory, "run");

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(250));
        int first = await Run(pipeline, output, cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, first);
        Assert.Equal("cancelled", RunManifest.Load(output).Status);
        int partial = Lines(output).Count;
        Assert.InRange(partial, 0, 59);

        // A crash in the middle of a write leaves half a line: resume must drop it and redo that sample.
        File.AppendAllText(Path.Combine(output, ResultsFile.FileName), "{\"id\":\"item-00");

        int second = await Run(pipeline, output, resume: true);

        Assert.Equal(ExitCodes.Ok, second);
        var ids = Lines(output).Select(l => l.GetProperty("id").GetString()!).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"item-{i:D4}"), ids.Order(StringComparer.Ordinal));
        Assert.Equal("completed", RunManifest.Load(output).Status);
    }

    [Fact]
    public async Task A_run_folder_with_results_is_not_overwritten_without_resume()
    {
        using var env = new HostTestEnvironment();
        string pipeline = Pipeline(env, 5);
        string output = Path.Combine(env.Directory, "run");
        Assert.Equal(ExitCodes.Ok, await Run(pipeline, output));
        string before = File.ReadAllText(Path.Combine(output, ResultsFile.FileName));

        Assert.Equal(ExitCodes.InvalidInput, await Run(pipeline, output));

        Assert.Equal(before, File.ReadAllText(Path.Combine(output, ResultsFile.FileName)));
    }

    [Fact]
    public async Task Resume_refuses_a_folder_made_by_a_different_pipeline()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");
        Assert.Equal(ExitCodes.Ok, await Run(Pipeline(env, 5), output));

        int code = await Run(Pipeline(env, 5), output, resume: true, set: ["source.with.count=6"]);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal(5, Lines(output).Count);
    }

    [Fact]
    public async Task Shards_merge_into_the_unsharded_run()
    {
        using var env = new HostTestEnvironment();
        string pipeline = Pipeline(env, 41, failEvery: 10);
        string whole = Path.Combine(env.Directory, "whole");
        await Run(pipeline, whole);

        var shards = new List<string>();
        for (int i = 1; i <= 3; i++)
        {
            string shard = Path.Combine(env.Directory, $"shard{i}");
            await Run(pipeline, shard, shard: $"{i}/3", parallel: 1);
            shards.Add(shard);
        }

        var shardIds = shards.Select(s => Lines(s).Select(l => l.GetProperty("id").GetString()).ToHashSet()).ToList();
        Assert.All(shardIds, ids => Assert.NotEmpty(ids));
        Assert.Equal(41, shardIds.Sum(s => s.Count));

        string merged = Path.Combine(env.Directory, "merged");
        int code = MergeCommand.Execute([.. shards], merged, TestPlugins);

        Assert.Equal(ExitCodes.SomeFailed, code); // the failed samples stay failed
        Assert.Equal(Metrics(whole), Metrics(merged));
        Assert.Equal(Comparable(whole), Comparable(merged));
        Assert.Equal("merged", RunManifest.Load(merged).Status);
    }

    [Fact]
    public async Task Sharding_depends_on_the_id_only()
    {
        using var env = new HostTestEnvironment();
        string pipeline = Pipeline(env, 30);
        string a = Path.Combine(env.Directory, "a");
        string b = Path.Combine(env.Directory, "b");
        await Run(pipeline, a, shard: "2/4", parallel: 1);
        await Run(pipeline, b, shard: "2/4", parallel: 2);

        Assert.Equal(
            Lines(a).Select(l => l.GetProperty("id").GetString()).Order(),
            Lines(b).Select(l => l.GetProperty("id").GetString()).Order());
        Assert.All(Lines(a), l => Assert.True(new Shard(2, 4).Contains(l.GetProperty("id").GetString()!)));
    }

    [Fact]
    public async Task Limit_takes_the_first_samples_of_the_source()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");

        await Run(Pipeline(env, 50), output, limit: 7);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"item-{i:D4}"), Lines(output).Select(l => l.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Report_command_re_renders_the_same_summary()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");
        await Run(Pipeline(env, 12), output);
        var before = Metrics(output);
        File.Delete(Path.Combine(output, "report.html"));

        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(output, TestPlugins));

        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Equal(before, Metrics(output));
    }

    [Fact]
    public async Task Index_lists_runs_with_trend_plots()
    {
        using var env = new HostTestEnvironment();
        string nightly = Path.Combine(env.Directory, "nightly");
        await Run(Pipeline(env, 6), Path.Combine(nightly, "20260101-000000"));
        await Run(Pipeline(env, 6), Path.Combine(nightly, "20260102-000000"), set: ["source.with.count=9"]);

        Assert.Equal(ExitCodes.Ok, IndexCommand.Execute(nightly));

        string html = File.ReadAllText(Path.Combine(nightly, "index.html"));
        Assert.Contains("20260101-000000/report.html", html, StringComparison.Ordinal);
        Assert.Contains("20260102-000000/report.html", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(nightly, "trends", "test.sum.samples.svg")));
        Assert.True(File.Exists(Path.Combine(nightly, "trends", "test.sum.samples.png")));
        Assert.Contains("<img src=\"trends/test.sum.samples.png\"", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"20260102-000000/figures/test.sum-dots.png\"", html, StringComparison.Ordinal); // the newest run's figures
        Assert.DoesNotContain("20260101-000000/figures/", html, StringComparison.Ordinal);
        var runs = Reporting.RunIndexWriter.ReadRuns(nightly);
        Assert.Equal([6.0, 9.0], runs.Select(r => r.Metrics["test.sum.samples"]));
    }

    /// <summary>Every record without its timings, in id order: what must agree between runs.</summary>
    private static List<string> Comparable(string runDirectory) =>
        [.. Lines(runDirectory)
            .OrderBy(l => l.GetProperty("id").GetString(), StringComparer.Ordinal)
            .Select(l => string.Join("|", l.EnumerateObject().Where(p => p.Name != "timings_ms").Select(p => $"{p.Name}={p.Value.GetRawText()}")))];
}
