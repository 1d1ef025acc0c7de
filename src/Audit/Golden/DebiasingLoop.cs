using Facebench.Audit.Classifiers;
using Facebench.Classification;

namespace Facebench.Audit.Golden;

/// <summary>Labelled feature rows with the sensitive group of each (the held-out test set).</summary>
/// <param name="Features">Feature rows.</param>
/// <param name="Truth">True class per row.</param>
/// <param name="Groups">Sensitive group per row.</param>
public sealed record LabelledFeatures(IReadOnlyList<double[]> Features, IReadOnlyList<string> Truth, IReadOnlyList<string> Groups);

/// <summary>Settings of the generate + fine-tune loop.</summary>
public sealed record DebiasingSettings
{
    /// <summary>Rounds K of generate + fine-tune.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Samples generated per round.</summary>
    public int PerRound { get; init; } = 120;

    /// <summary>Generation settings (their snapshots are taken in round 1 only, unless <see cref="SnapshotEveryRound"/>).</summary>
    public required GenerationSettings Generation { get; init; }

    /// <summary>Keep the generation's snapshots in every round (for one density strip per round), not only in round 1.</summary>
    public bool SnapshotEveryRound { get; init; }

    /// <summary>Fine-tuning settings of the classifier (the seed of each round is derived from the loop's).</summary>
    public SoftmaxRegressionOptions FineTune { get; init; } = new() { L2 = 1e-2, MaxIterations = 200 };
}

/// <summary>One round: the generation's MMD trace and the fine-tuned classifier's test metrics (round 0 = before any).</summary>
/// <param name="Round">0 for the biased classifier as given, then 1..K.</param>
/// <param name="Test">Metrics on the held-out test set after this round.</param>
/// <param name="Generation">The round's generation (null for round 0).</param>
public sealed record DebiasingRound(int Round, HeldOutEvaluation Test, GenerationResult? Generation);

/// <summary>
/// The golden-set debiasing loop: K times, generate samples whose features approach the golden set's
/// (<see cref="MmdGenerator"/>, fresh random latents each round), fine-tune the classifier on them (ML.NET's L-BFGS
/// continued from the previous round's parameters, <see cref="SoftmaxRegression.FineTune"/>; by default without a
/// pull towards them, see <see cref="SoftmaxRegressionOptions.Anchor"/>), and judge it on a held-out test set:
/// accuracy overall, per group, worst group and the equalized-odds gap. The idea is that of learning from a small
/// unbiased reference set to correct a biased model (Choi et al. 2020, "Fair Generative Modeling via Weak
/// Supervision"), with synthesis instead of reweighting.
/// </summary>
public static class DebiasingLoop
{
    /// <summary>Runs the loop on a classifier of model features; the returned list starts with round 0 (the classifier as given).</summary>
    public static List<DebiasingRound> Run(
        FaceAttributeClassifier classifier, IFeatureGenerator generator, IReadOnlyDictionary<string, IReadOnlyList<double[]>> golden,
        LabelledFeatures test, DebiasingSettings settings, int seed, Action<DebiasingRound>? progress = null) =>
        Run(classifier.Model, generator, golden, test, settings, seed, progress);

    /// <summary>
    /// Runs the loop on any softmax regression over the generator's features (e.g. an <see cref="AttributeProbe"/>'s on
    /// face-recognition embeddings); the returned list starts with round 0 (the regression as given).
    /// </summary>
    public static List<DebiasingRound> Run(
        SoftmaxRegression model, IFeatureGenerator generator, IReadOnlyDictionary<string, IReadOnlyList<double[]>> golden,
        LabelledFeatures test, DebiasingSettings settings, int seed, Action<DebiasingRound>? progress = null)
    {
        var rounds = new List<DebiasingRound> { new(0, HeldOutEvaluation.Of(model, test.Features, test.Truth, test.Groups), null) };
        progress?.Invoke(rounds[0]);
        SoftmaxRegression current = model;
        for (int r = 1; r <= settings.Rounds; r++)
        {
            GenerationSettings generation = r == 1 || settings.SnapshotEveryRound ? settings.Generation : settings.Generation with { Snapshots = [] };
            GenerationResult result = MmdGenerator.Generate(generator, golden, settings.PerRound, generation, unchecked(seed + (7919 * r)));
            current = current.FineTune(result.Features, result.Labels, settings.FineTune with { Seed = unchecked(seed + (7919 * r) + 1) });
            var round = new DebiasingRound(r, HeldOutEvaluation.Of(current, test.Features, test.Truth, test.Groups), result);
            rounds.Add(round);
            progress?.Invoke(round);
        }

        return rounds;
    }
}
