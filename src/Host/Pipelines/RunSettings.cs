namespace Facebench.Host.Pipelines;

/// <summary>How a pipeline is run: its output folder, seed and whether this is only a validation.</summary>
/// <param name="RunDirectory">The run's output folder.</param>
/// <param name="Seed">The seed plugins derive their random streams from.</param>
/// <param name="IsValidationOnly">True for <c>facebench validate</c>.</param>
public sealed record RunSettings(string RunDirectory, int Seed, bool IsValidationOnly);
