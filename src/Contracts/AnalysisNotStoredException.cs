namespace Facebench.Contracts;

/// <summary>
/// A report section asked for an analysis output the run does not hold: a shard (its analyses run at merge), or a
/// run stopped before its analyses. The host shows the section as pending rather than failed.
/// </summary>
public sealed class AnalysisNotStoredException(string message) : InvalidOperationException(message);
