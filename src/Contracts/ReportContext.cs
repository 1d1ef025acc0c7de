namespace Facebench.Contracts;

/// <summary>What a report plugin sees: the stored results of one run (or of merged shards).</summary>
public sealed class ReportContext
{
    /// <summary>Creates a context.</summary>
    public ReportContext(string pipelineName, string runId, string runDirectory, IReadOnlyList<Sample> samples)
    {
        PipelineName = pipelineName;
        RunId = runId;
        RunDirectory = runDirectory;
        Samples = samples;
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
}
