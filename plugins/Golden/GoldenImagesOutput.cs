using Facebench.Audit.Analyses;
using Facebench.Audit.Golden;

namespace Facebench.Plugins.Golden;

/// <summary>
/// The stored output of <c>analysis.golden-images</c>, which the <c>golden.images</c> section renders: the golden set,
/// the biased probe's training make-up, each round's generation and held-out metrics, the golden and generated
/// embeddings of every round projected on the golden set's first two principal axes, and the findings.
/// </summary>
/// <param name="Problem">Why nothing was generated, or null.</param>
/// <param name="Selection">The golden set.</param>
/// <param name="Generator">What the generator is (models, latent, capture, recogniser), in words.</param>
/// <param name="TrainMakeup">The biased probe's training renders per value.</param>
/// <param name="Sensitive">The sensitive attribute of the per-group metrics.</param>
/// <param name="TestCount">Held-out test renders.</param>
/// <param name="Rounds">Round 0 (the probe as trained), then each round of generate + fine-tune (latents and raw features dropped).</param>
/// <param name="GoldenPoints">Golden embeddings on the two principal axes.</param>
/// <param name="Strips">Per round (1..K): generated embeddings on those axes, by iteration.</param>
/// <param name="ExplainedVariance">Share of the golden set's variance the two axes hold.</param>
/// <param name="Seconds">Wall-clock seconds of the embedding and of the loop.</param>
/// <param name="Findings">The findings for the summary.</param>
public sealed record GoldenImagesOutput(
    string? Problem, GoldenSelection? Selection, string Generator, IReadOnlyDictionary<string, int> TrainMakeup, string Sensitive, int TestCount,
    IReadOnlyList<DebiasingRound> Rounds, IReadOnlyList<double[]> GoldenPoints, IReadOnlyDictionary<int, IReadOnlyDictionary<int, IReadOnlyList<double[]>>> Strips,
    double ExplainedVariance, IReadOnlyDictionary<string, double> Seconds, IReadOnlyList<Finding> Findings);
