using Facebench.Audit.Analyses;
using Facebench.Audit.Golden;

namespace Facebench.Plugins.Golden;

/// <summary>
/// The stored output of <c>analysis.golden</c>, which the <c>golden.generate</c> section renders: the golden set, each round's
/// generation and held-out metrics, the golden and generated features of round 1 projected on the golden set's first
/// two principal axes, what the text says about the models and the classifier, and the findings for the summary.
/// </summary>
/// <param name="Problem">Why nothing was generated, or null.</param>
/// <param name="Selection">The golden set.</param>
/// <param name="Origin">The golden-set file a listed set came from, or null.</param>
/// <param name="Generator">The generator's component name.</param>
/// <param name="GeneratorMakeup">The generator's short training make-up.</param>
/// <param name="Classifier">The classifier's component name.</param>
/// <param name="ClassifierMakeup">The classifier's training make-up.</param>
/// <param name="Sensitive">The sensitive attribute of the per-group metrics.</param>
/// <param name="GoldenCsvError">Why golden-set.csv could not be written, or null when it was.</param>
/// <param name="TestCount">Held-out test samples.</param>
/// <param name="Rounds">Round 0 (the classifier as given), then each round of generate + fine-tune.</param>
/// <param name="GoldenPoints">Golden features on the two principal axes.</param>
/// <param name="Snapshots">Round 1's generated features on those axes, by iteration.</param>
/// <param name="ExplainedVariance">Share of the golden set's variance the two axes hold.</param>
/// <param name="Findings">The findings for the summary.</param>
public sealed record GoldenOutput(
    string? Problem, GoldenSelection? Selection, string? Origin, string Generator, string GeneratorMakeup, string Classifier, string ClassifierMakeup,
    string Sensitive, string? GoldenCsvError, int TestCount, IReadOnlyList<DebiasingRound> Rounds, IReadOnlyList<double[]> GoldenPoints,
    IReadOnlyDictionary<int, IReadOnlyList<double[]>> Snapshots, double ExplainedVariance, IReadOnlyList<Finding> Findings);
