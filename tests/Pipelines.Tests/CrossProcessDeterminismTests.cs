using System.Text.Json;
using System.Text.Json.Nodes;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>
/// Same seed, same report, in any process: each kind of pipeline (a synthetic population, annotated photos with
/// simulated detector noise, the model comparison, the image audit's renders and photos) is run twice as separate <c>facebench</c> processes and once as
/// three shards in three processes that are then merged; the stored facets and the report's metrics must be equal
/// in all three. This catches seeds taken from per-process hashes (<see cref="HashCode"/>, <c>string.GetHashCode</c>).
/// </summary>
public sealed class CrossProcessDeterminismTests
{
    private static string Pipeline(string name) => Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", name + ".yaml");

    [Fact]
    public Task Synthetic_population() =>
        AssertSameEverywhere(Pipeline("fit-reference"), "--set", "source.with.count=24");

    [SharedDataFact("data/dlib-faces/training_with_face_landmarks.xml", "models/sfm/sfm_shape_3448.bin")]
    public Task Annotated_photos_with_noise() =>
        AssertSameEverywhere(
            Pipeline("lfpw-sfm"),
            "--set", $"source={{use: dataset.dlib-xml, with: {{path: '{RepositoryPaths.Shared("data", "dlib-faces", "training_with_face_landmarks.xml")}'}}}}",
            "--set", "stages[0].with.noise_sigma=2");

    [SharedDataFact("models/sfm/sfm_shape_3448.bin")]
    public Task Model_comparison() =>
        AssertSameEverywhere(Pipeline("compare-models"), "--set", "source.with.count=6");

    /// <summary>A list-form source (renders, then the real photos with Haar and dlib under <c>when:</c>), reduced.</summary>
    [FacePluginFact("fr_feature.onnx", "fr_gender.onnx", "fr_age.onnx")]
    public Task Image_audit_with_renders_and_photos() =>
        AssertSameEverywhere(
            Pipeline("audit-images"),
            "--set", "source[0].with.count=16", "--set", "source[0].with.priors[0].count=4", "--set", "source[0].with.priors[1].count=4", "--set", "source[0].with.priors[2].count=4",
            "--set", "stages[5].with.iterations=10", "--set", "stages[5].with.appearance_iterations=5", "--set", "stages[6].with.iterations=10", "--set", "stages[6].with.appearance_iterations=5",
            "--set", "analyses[3].with.resamples=100", "--set", "analyses[3].with.permutations=100",
            "--set", "analyses[4].with.size=8", "--set", "analyses[4].with.train_size=8", "--set", "analyses[4].with.rounds=1", "--set", "analyses[4].with.per_round=4", "--set", "analyses[4].with.iterations=2");

    private static async Task AssertSameEverywhere(string pipeline, params string[] overrides)
    {
        string root = Path.Combine(Path.GetTempPath(), "facebench-determinism", Guid.NewGuid().ToString("N")[..12]);
        try
        {
            string Run(string name) => Path.Combine(root, name);
            string[] Args(string output, params string[] extra) => ["run", pipeline, "--out", output, .. overrides, .. extra];

            // Five processes at once: two whole runs and three shards.
            FacebenchProcess.Result[] results = await Task.WhenAll(
                FacebenchProcess.RunAsync(Args(Run("first"))),
                FacebenchProcess.RunAsync(Args(Run("second"))),
                FacebenchProcess.RunAsync(Args(Run("shard-1"), "--shard", "1/3")),
                FacebenchProcess.RunAsync(Args(Run("shard-2"), "--shard", "2/3")),
                FacebenchProcess.RunAsync(Args(Run("shard-3"), "--shard", "3/3")));
            foreach (FacebenchProcess.Result result in results)
            {
                Assert.True(result.Code == 0, result.ToString());
            }

            FacebenchProcess.Result merge = await FacebenchProcess.RunAsync(["merge", Run("shard-1"), Run("shard-2"), Run("shard-3"), "--out", Run("merged")]);
            Assert.True(merge.Code == 0, merge.ToString());

            string first = StoredFacets(Run("first"));
            Assert.True(first.Length > 100, $"{pipeline}: too little was stored to compare");
            Assert.Equal(first, StoredFacets(Run("second")));
            Assert.Equal(first, StoredFacets(Run("merged")));

            string metrics = Metrics(Run("first"));
            Assert.Contains("\"", metrics, StringComparison.Ordinal); // at least one metric
            Assert.Equal(metrics, Metrics(Run("second")));
            Assert.Equal(metrics, Metrics(Run("merged")));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Every sample's id, index, status, labels and facets, ordered by id, without measured times (which differ
    /// between runs by nature).
    /// </summary>
    private static string StoredFacets(string run)
    {
        var records = File.ReadAllLines(Path.Combine(run, "results.jsonl"))
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Select(r => new JsonObject
            {
                ["id"] = r["id"]!.DeepClone(),
                ["index"] = r["index"]!.DeepClone(),
                ["status"] = r["status"]!.DeepClone(),
                ["labels"] = r["labels"]?.DeepClone(),
                ["facets"] = WithoutTimes(r["facets"]?.DeepClone()),
            })
            .OrderBy(r => r["id"]!.GetValue<string>(), StringComparer.Ordinal);
        return new JsonArray([.. records]).ToJsonString();
    }

    /// <summary>The report's headline metrics, without the timing ones.</summary>
    private static string Metrics(string run)
    {
        JsonElement summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement;
        var units = summary.GetProperty("units").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var kept = summary.GetProperty("metrics").EnumerateObject()
            .Where(p => !IsTime(p.Name) && units.GetValueOrDefault(p.Name) is not ("ms" or "s"))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"\"{p.Name}\": {p.Value.GetRawText()}");
        return string.Join("\n", kept);
    }

    private static JsonNode? WithoutTimes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string key in o.Select(p => p.Key).Where(IsTime).ToList())
                {
                    o.Remove(key);
                }

                foreach (var p in o.ToList())
                {
                    WithoutTimes(p.Value);
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    WithoutTimes(item);
                }

                break;
        }

        return node;
    }

    private static bool IsTime(string name) => name.Contains("time", StringComparison.OrdinalIgnoreCase);
}
