namespace Facebench.Host.Running;

/// <summary>How to run: where to, which part, how many workers.</summary>
/// <param name="RunDirectory">The run folder (created if missing).</param>
/// <param name="Shard">Which shard of the samples to run.</param>
/// <param name="Limit">Stop after this many samples of the source (before sharding), or null.</param>
/// <param name="Resume">Skip samples already in the folder's results.</param>
/// <param name="Parallel">Worker count.</param>
public sealed record RunOptions(string RunDirectory, Shard Shard, long? Limit, bool Resume, int Parallel);

/// <summary>How a run ended.</summary>
/// <param name="Counts">Samples processed in the whole run folder (resumed ones included).</param>
/// <param name="Cancelled">True when it was stopped before the source was exhausted.</param>
public sealed record RunOutcome(RunCounts Counts, bool Cancelled);
