namespace Facebench.Contracts;

/// <summary>One attribute head's prediction (an image classifier's or a probe's).</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Score">Its probability (softmax or sigmoid), or raw score with no activation.</param>
/// <param name="Scores">Every label's probability or score.</param>
/// <param name="Value">The regressed value behind the label, for regression heads (e.g. an age in years); else null.</param>
public sealed record AttributePrediction(string Label, double Score, IReadOnlyDictionary<string, double> Scores, double? Value = null);
