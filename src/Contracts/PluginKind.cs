namespace Facebench.Contracts;

/// <summary>The role a plugin plays in a pipeline.</summary>
public enum PluginKind
{
    /// <summary>Yields the samples of a run (a dataset, a video, a synthetic population).</summary>
    Source,

    /// <summary>Enriches one sample at a time (detection, landmarks, fitting, classification).</summary>
    Stage,

    /// <summary>A shared object that stages name by id: a morphable model, a detector, an inference backend.</summary>
    Component,

    /// <summary>Aggregates stored results into a report section with tables and figures.</summary>
    Report,

    /// <summary>
    /// Run-level computation over a run's results (a model audit, a debiasing loop, a trained probe) whose output the
    /// host stores in the run folder, so that reports are re-rendered from it without computing it again.
    /// </summary>
    Analysis,
}
