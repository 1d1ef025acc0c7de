namespace Facebench.Contracts;

/// <summary>A source plugin: yields the samples of a run in a stable order.</summary>
public interface ISource : IPlugin
{
    /// <summary>How many samples <see cref="Read"/> will yield, when known cheaply (for progress and ETA).</summary>
    long? CountHint { get; }

    /// <summary>
    /// Yields the samples in a deterministic order. Ids must be unique and stable across runs: resume,
    /// sharding and merging rely on them. Sources should be lazy: the runner may stop early (<c>--limit</c>).
    /// </summary>
    IEnumerable<Sample> Read(CancellationToken cancellationToken);
}

/// <summary>
/// A stage plugin: turns a sample into an enriched sample. The runner creates one instance per worker,
/// so an instance is never called concurrently and may keep scratch buffers between calls.
/// Throwing fails only this sample: the runner records the exception and goes on.
/// </summary>
public interface IStage : IPlugin
{
    /// <summary>Returns the sample with the facets this stage adds.</summary>
    Sample Process(Sample sample, CancellationToken cancellationToken);
}

/// <summary>
/// A component plugin: one shared object per pipeline (a morphable model, a detector, an inference
/// session) that stages and sources name by id. Components must be safe to read from several threads.
/// </summary>
public interface IComponent : IPlugin
{
}

/// <summary>A report plugin: turns the stored results of a run into one section of the report.</summary>
public interface IReportSection : IPlugin
{
    /// <summary>Builds the section. Must depend only on the results, so that re-rendering is reproducible.</summary>
    ReportSection Build(ReportContext context);
}

/// <summary>
/// An analysis plugin: run-level computation that the host runs once, after a run's samples (or once on the merged
/// results of shards), storing its output as <c>analyses/&lt;name&gt;.json</c> in the run folder. Report sections read
/// the stored output (<see cref="ReportContext.Analysis{T}"/>); <c>facebench report</c> never runs an analysis.
/// </summary>
public interface IAnalysis : IPlugin
{
    /// <summary>
    /// Computes the analysis from the run's results. The returned object is stored as JSON
    /// (<see cref="FacebenchJson.Options"/>); the report sections that read it deserialize the same type, so it must
    /// round-trip (records of numbers, strings, lists and dictionaries).
    /// </summary>
    object Analyze(ReportContext context);
}
