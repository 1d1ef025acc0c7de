using System.Text.Json;
using Facebench.Host.Cli;
using Facebench.Host.Pipelines;
using Facebench.Host.Running;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>A list-form <c>source:</c> (order, <c>source</c> labels, ids across sources, shards) and stage <c>when:</c>.</summary>
public sealed class SourceListAndWhenTests
{
    private static readonly string[] TestPlugins = [HostTestEnvironment.TestPlugins];

    private static string Pipeline(HostTestEnvironment env, string secondPrefix = "photo", string when = "{ source: second }") => env.Write("p.yaml", $$"""
        name: two-sources
        seed: 3
        source:
          - { use: test.count, name: first, with: { count: 7, id_prefix: render } }
          - { use: test.count, name: second, with: { count: 5, id_prefix: {{secondPrefix}}, groups: [x] } }
        stages:
          - { use: test.work, when: {{when}} }
        report:
          - use: test.sum
        """);

    private static Task<int> Run(string pipeline, string output, string? shard = null, int parallel = 2) =>
        RunCommand.ExecuteAsync(new RunCommand.Request(pipeline, output, [], null, shard, false, parallel, TestPlugins), CancellationToken.None);

    private static List<JsonElement> Lines(string runDirectory) =>
        [.. File.ReadAllLines(Path.Combine(runDirectory, ResultsFile.FileName)).Select(l => JsonDocument.Parse(l).RootElement)];

    private static string Label(JsonElement line, string key) => line.GetProperty("labels").GetProperty(key).GetString()!;

    private static bool HasDoubled(JsonElement line) =>
        line.TryGetProperty("facets", out var facets) && facets.TryGetProperty("doubled", out _);

    [Fact]
    public async Task Sources_are_read_in_order_and_each_sample_is_labelled_with_its_source()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");

        Assert.Equal(ExitCodes.Ok, await Run(Pipeline(env), output, parallel: 1));

        var lines = Lines(output).OrderBy(l => l.GetProperty("index").GetInt64()).ToList();
        Assert.Equal(12, lines.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), lines.Select(l => l.GetProperty("index").GetInt64()));
        Assert.All(lines.Take(7), l => Assert.Equal("first", Label(l, "source")));
        Assert.All(lines.Skip(7), l => Assert.Equal("second", Label(l, "source")));
        Assert.All(lines.Take(7), l => Assert.StartsWith("render-", l.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.All(lines.Skip(7), l => Assert.Equal("x", Label(l, "group"))); // the source's own labels stay
    }

    [Fact]
    public async Task A_stage_with_when_runs_only_on_matching_samples_and_the_others_pass_through()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "run");

        Assert.Equal(ExitCodes.Ok, await Run(Pipeline(env), output));

        var lines = Lines(output);
        Assert.All(lines, l => Assert.Equal("ok", l.GetProperty("status").GetString()));
        Assert.All(lines.Where(l => Label(l, "source") == "second"), l => Assert.True(HasDoubled(l)));
        Assert.All(lines.Where(l => Label(l, "source") == "first"), l => Assert.False(HasDoubled(l)));
        Assert.All(lines.Where(l => Label(l, "source") == "first"), l => Assert.False(l.TryGetProperty("timings_ms", out var t) && t.TryGetProperty("test.work", out _)));
    }

    [Fact]
    public async Task A_when_list_matches_any_of_its_values_and_every_entry_must_match()
    {
        using var env = new HostTestEnvironment();
        string any = Path.Combine(env.Directory, "any");
        string all = Path.Combine(env.Directory, "all");

        await Run(Pipeline(env, when: "{ source: [first, second] }"), any);
        await Run(Pipeline(env, when: "{ source: first, group: a }"), all);

        Assert.All(Lines(any), l => Assert.True(HasDoubled(l)));
        var doubled = Lines(all).Where(HasDoubled).ToList();
        Assert.Equal(4, doubled.Count); // render-0000, -0002, -0004, -0006: groups a, b round-robin
        Assert.All(doubled, l => Assert.Equal(("first", "a"), (Label(l, "source"), Label(l, "group"))));
    }

    [Fact]
    public void An_id_two_sources_share_is_refused_naming_both()
    {
        using var env = new HostTestEnvironment();
        string path = Pipeline(env, secondPrefix: "render");
        var definition = PipelineLoader.Load(path, [], Environment.GetEnvironmentVariable);
        var pipeline = LoadedPipeline.Load(definition, HostTestEnvironment.TestCatalog(), new RunSettings(env.Directory, definition.Seed, IsValidationOnly: false));

        var error = Assert.Throws<PipelineException>(() => pipeline.CreateSource().Read(CancellationToken.None).ToList());

        Assert.StartsWith($"{path}:5:", error.Message, StringComparison.Ordinal);
        Assert.Contains("sample id 'render-0000' comes from both source 'first' and source 'second' (source[1])", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_of_a_list_source_merge_into_the_unsharded_run()
    {
        using var env = new HostTestEnvironment();
        string pipeline = Pipeline(env);
        string whole = Path.Combine(env.Directory, "whole");
        await Run(pipeline, whole);

        var shards = new List<string>();
        for (int i = 1; i <= 3; i++)
        {
            string shard = Path.Combine(env.Directory, $"shard{i}");
            await Run(pipeline, shard, shard: $"{i}/3", parallel: 1);
            shards.Add(shard);
        }

        Assert.Equal(12, shards.Sum(s => Lines(s).Count));
        string merged = Path.Combine(env.Directory, "merged");
        Assert.Equal(ExitCodes.Ok, MergeCommand.Execute([.. shards], merged, TestPlugins));
        Assert.Equal(Comparable(whole), Comparable(merged));
        Assert.Equal(Metrics(whole), Metrics(merged));
    }

    private static Dictionary<string, double> Metrics(string runDirectory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "summary.json"))).RootElement.GetProperty("metrics")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    private static List<string> Comparable(string runDirectory) =>
        [.. Lines(runDirectory)
            .OrderBy(l => l.GetProperty("id").GetString(), StringComparer.Ordinal)
            .Select(l => string.Join("|", l.EnumerateObject().Where(p => p.Name != "timings_ms").Select(p => $"{p.Name}={p.Value.GetRawText()}")))];
}
