using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Facebench.Contracts;
using Facebench.Host.Pipelines;

namespace Facebench.Host.Running;

/// <summary>Plugin id, version and assembly, as recorded in a manifest.</summary>
public sealed record PluginRecord(string Id, string Kind, string Version, string Assembly);

/// <summary>The machine a run was made on.</summary>
public sealed record MachineRecord(string Host, string Os, int Cores, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineRecord Current() => new(
        Environment.MachineName,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
}

/// <summary>Counts of a run.</summary>
public sealed record RunCounts(long Total, long Succeeded, long Failed);

/// <summary>
/// <c>manifest.json</c>: what was run (the resolved pipeline, plugin versions, git commit, machine, seed),
/// when, and how it went (status, counts, time per stage). Rewritten at start and at the end of a run.
/// </summary>
public sealed class RunManifest
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The pipeline's name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The run's id (its folder name).</summary>
    public required string RunId { get; init; }

    /// <summary>The pipeline file that was run.</summary>
    public required string PipelineFile { get; init; }

    /// <summary>SHA-256 of the resolved pipeline: shards and resumed runs must match it.</summary>
    public required string PipelineHash { get; init; }

    /// <summary>The pipeline after <c>--set</c> overrides and <c>${ENV}</c> expansion.</summary>
    public required JsonNode ResolvedPipeline { get; init; }

    /// <summary>Plugins used.</summary>
    public required IReadOnlyList<PluginRecord> Plugins { get; init; }

    /// <summary>Commit of the repository the pipeline file is in, when it is in one.</summary>
    public string? GitCommit { get; init; }

    /// <summary>The machine.</summary>
    public required MachineRecord Machine { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Worker count.</summary>
    public int Parallel { get; set; }

    /// <summary>The shard, <c>i/N</c>, or null for a whole run.</summary>
    public string? Shard { get; init; }

    /// <summary>The limit given with <c>--limit</c>, if any.</summary>
    public long? Limit { get; init; }

    /// <summary><c>running</c>, <c>completed</c>, <c>cancelled</c> or <c>merged</c>.</summary>
    public string Status { get; set; } = "running";

    /// <summary>When the run (first) started.</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>When it last ended.</summary>
    public DateTimeOffset? EndedUtc { get; set; }

    /// <summary>Sample counts.</summary>
    public RunCounts Counts { get; set; } = new(0, 0, 0);

    /// <summary>Total wall time per stage over all samples, milliseconds.</summary>
    public Dictionary<string, double> StageTotalsMs { get; set; } = [];

    /// <summary>For merged runs: the runs merged.</summary>
    public List<string>? MergedFrom { get; set; }

    /// <summary>Writes the manifest atomically (write then rename), so a crash never leaves half a file.</summary>
    public void Save(string runDirectory) => AtomicFile.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, FacebenchJson.Indented));

    /// <summary>Reads a run's manifest.</summary>
    public static RunManifest Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new PluginInputException($"not a run folder: it has no {FileName}.", runDirectory);
        }

        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), FacebenchJson.Options)
                ?? throw new PluginInputException("the manifest is empty.", path);
        }
        catch (JsonException e)
        {
            throw new PluginInputException($"the manifest is not valid: {e.Message}", path, e);
        }
    }

    /// <summary>The pipeline tree as JSON (scalars as strings), for the manifest.</summary>
    public static JsonNode ToJson(PipelineNode node) => node switch
    {
        ScalarNode s => JsonValue.Create(s.Value)!,
        SequenceNode seq => new JsonArray([.. seq.Items.Select(ToJson)]),
        MappingNode map => new JsonObject(map.Entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Key.Value, ToJson(e.Value)))),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>Rebuilds a pipeline tree from the manifest's JSON; positions point at the manifest.</summary>
    public static PipelineNode FromJson(JsonNode? node, string origin)
    {
        var mark = new SourceMark(origin, 0, 0);
        switch (node)
        {
            case JsonObject obj:
                var map = new MappingNode(mark);
                foreach (var (key, value) in obj)
                {
                    map.Entries.Add(new(new ScalarNode(key, mark), FromJson(value, origin)));
                }

                return map;
            case JsonArray array:
                var seq = new SequenceNode(mark);
                seq.Items.AddRange(array.Select(i => FromJson(i, origin)));
                return seq;
            case null:
                return new ScalarNode("", mark);
            default:
                return new ScalarNode(node.GetValue<string>(), mark, isQuoted: true);
        }
    }

    /// <summary>SHA-256 of the canonical JSON of a pipeline tree.</summary>
    public static string Hash(JsonNode resolved) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resolved.ToJsonString())));
}
