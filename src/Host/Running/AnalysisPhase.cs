using System.Text.Json;
using Facebench.Contracts;
using Facebench.Host.Pipelines;

namespace Facebench.Host.Running;

/// <summary>
/// The run-level analyses of a pipeline (<c>analyses:</c>): run once on a finished run's results (or on the merged
/// results of its shards), each output stored as <c>analyses/&lt;name&gt;.json</c>, which the report sections read.
/// Re-rendering a report (<c>facebench report</c>) reads the stored outputs and runs nothing. An analysis that
/// throws stores its error instead; the others still run, and the sections that read it say why it is missing.
/// </summary>
public static class AnalysisPhase
{
    /// <summary>The folder of stored outputs inside a run folder.</summary>
    public const string Folder = "analyses";

    /// <summary>Runs every analysis of the pipeline on the run's stored results and stores the outputs.</summary>
    /// <returns>The names of the analyses that failed.</returns>
    public static IReadOnlyList<string> Run(LoadedPipeline pipeline, string runDirectory, RunManifest manifest)
    {
        var analyses = pipeline.CreateAnalyses();
        if (analyses.Count == 0)
        {
            return [];
        }

        var context = new ReportContext(manifest.Pipeline, manifest.RunId, runDirectory, ReadSamples(runDirectory));
        string folder = Path.Combine(runDirectory, Folder);
        Directory.CreateDirectory(folder);
        var failed = new List<string>();
        foreach (var (name, descriptor, create) in analyses)
        {
            HostConsole.Info($"Analysis '{name}' ({descriptor.Id}) ...");
            StoredAnalysis stored;
            try
            {
                object output = create().Analyze(context);
                stored = new StoredAnalysis(name, descriptor.Id, descriptor.Metadata.Version, JsonSerializer.SerializeToElement(output, output.GetType(), FacebenchJson.Options), null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                string message = e is PipelineException or PluginInputException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                HostConsole.Error($"analysis '{name}' failed: {message}");
                stored = new StoredAnalysis(name, descriptor.Id, descriptor.Metadata.Version, null, message);
                failed.Add(name);
            }

            AtomicFile.WriteAllText(FileOf(runDirectory, name), JsonSerializer.Serialize(stored, FacebenchJson.Indented));
        }

        return failed;
    }

    /// <summary>Reads the stored outputs of a run folder, in the order the pipeline lists its analyses.</summary>
    public static IReadOnlyDictionary<string, StoredAnalysis> Load(string runDirectory, IReadOnlyList<string> order)
    {
        var result = new Dictionary<string, StoredAnalysis>(StringComparer.Ordinal);
        foreach (string name in order)
        {
            string file = FileOf(runDirectory, name);
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                result[name] = JsonSerializer.Deserialize<StoredAnalysis>(File.ReadAllText(file), FacebenchJson.Options)
                    ?? throw new InvalidDataException("empty file");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}: not a stored analysis output ({e.Message}).", e);
            }
        }

        return result;
    }

    /// <summary>The stored output file of analysis <paramref name="name"/>.</summary>
    public static string FileOf(string runDirectory, string name) => Path.Combine(runDirectory, Folder, name + ".json");

    private static List<Sample> ReadSamples(string runDirectory) =>
        [.. ResultsFile.Read(Path.Combine(runDirectory, ResultsFile.FileName), out _).OrderBy(s => s.Index).ThenBy(s => s.Id, StringComparer.Ordinal)];
}
