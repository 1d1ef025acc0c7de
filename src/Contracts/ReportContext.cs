using System.Text.Json;

namespace Facebench.Contracts;

/// <summary>What a report plugin sees: the stored results of one run (or of merged shards).</summary>
public sealed class ReportContext
{
    /// <summary>Creates a context.</summary>
    public ReportContext(string pipelineName, string runId, string runDirectory, IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, StoredAnalysis>? analyses = null)
    {
        PipelineName = pipelineName;
        RunId = runId;
        RunDirectory = runDirectory;
        Samples = samples;
        Analyses = analyses ?? new Dictionary<string, StoredAnalysis>();
    }

    /// <summary>The pipeline's <c>name:</c>.</summary>
    public string PipelineName { get; }

    /// <summary>The run's id (its folder name).</summary>
    public string RunId { get; }

    /// <summary>The run's folder.</summary>
    public string RunDirectory { get; }

    /// <summary>Every sample of the run, failed ones included, ordered by <see cref="Sample.Index"/>.</summary>
    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>The samples that no stage failed on.</summary>
    public IEnumerable<Sample> Succeeded => Samples.Where(s => !s.Failed);

    /// <summary>The stored outputs of the run's analyses, by name, in pipeline order.</summary>
    public IReadOnlyDictionary<string, StoredAnalysis> Analyses { get; }

    /// <summary>The stored output of analysis <paramref name="name"/>, read as <typeparamref name="T"/>.</summary>
    /// <exception cref="AnalysisNotStoredException">The run has no such analysis output (a shard, or a stopped run).</exception>
    /// <exception cref="InvalidOperationException">The analysis failed (the message says which and why).</exception>
    public T Analysis<T>(string name)
    {
        if (!Analyses.TryGetValue(name, out StoredAnalysis? stored))
        {
            string known = Analyses.Count == 0 ? "none" : string.Join(", ", Analyses.Keys);
            throw new AnalysisNotStoredException($"the run has no stored output of analysis '{name}' (stored: {known}); a shard stores none: 'facebench merge' runs the analyses on all shards' results.");
        }

        if (stored.Error is not null || stored.Output is not { } output)
        {
            throw new InvalidOperationException($"analysis '{name}' ({stored.Plugin}) failed: {stored.Error}");
        }

        return output.Deserialize<T>(FacebenchJson.Options)
            ?? throw new InvalidOperationException($"the stored output of analysis '{name}' is empty.");
    }
}
