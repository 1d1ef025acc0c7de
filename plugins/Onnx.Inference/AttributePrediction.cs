namespace Facebench.Plugins.Onnx.Inference;

/// <summary>One classifier head's prediction.</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Score">Its probability (softmax or sigmoid), or raw score with no activation.</param>
/// <param name="Scores">Every label's probability or score.</param>
public sealed record AttributePrediction(string Label, double Score, IReadOnlyDictionary<string, double> Scores);
