using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Audit.Features;
using Facebench.Audit.Golden;
using Facebench.Audit.Reporting;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Distributions;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>
/// The golden-set debiasing loop, run once per run as an analysis: resolve the golden set against the run's samples
/// (a listed file, or derived from the biased set by stratified resampling; written to <c>golden-set.csv</c> for
/// inspection), then K rounds of generating samples whose features approach the golden set's
/// (<see cref="MmdGenerator"/>: class-conditional MMD with a Gaussian kernel; analytic gradient through the model, or
/// zeroth-order) and fine-tuning the biased classifier on them (<see cref="DebiasingLoop"/>), judged on the run's
/// samples that are not golden (held out): accuracy overall, per group, worst group, equalized-odds gap. The output
/// (<see cref="GoldenOutput"/>) is stored in the run folder; <c>golden.generate</c> renders it.
/// </summary>
[Plugin("analysis.golden", PluginKind.Analysis, "1.0.0", "Golden set (file or derived), MMD generation towards it, and K rounds of fine-tuning a biased classifier judged on held-out samples")]
public sealed class GoldenGenerateAnalysis : Plugin<GoldenGenerateOptions>, IAnalysis
{
    private const string Area = "Golden-set debiasing";
    private IMorphableModel? _truth, _generator;
    private FaceAttributeClassifier? _classifier;
    private GoldenSetSpec? _spec;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        GoldenGenerateOptions o = Options;
        if (o.Rounds < 1 || o.PerRound < 2 || o.Iterations < 1 || !(o.StepSize > 0) || o.Size < 2 || o.StripPanels < 1 || o.Directions < 1
            || !(o.L2 >= 0) || !double.IsFinite(o.L2) || !(o.Anchor >= 0) || !double.IsFinite(o.Anchor))
        {
            throw new PluginInputException("analysis.golden: rounds ≥ 1, per_round ≥ 2, iterations ≥ 1, step_size > 0, size ≥ 2, strip_panels ≥ 1, directions ≥ 1, and finite l2 ≥ 0 and anchor ≥ 0 are required.");
        }

        _truth = Context.GetComponent<IMorphableModel>(o.TruthModel);
        _generator = Context.GetComponent<IMorphableModel>(o.Generator);
        _classifier = Context.GetComponent<FaceAttributeClassifier>(o.Classifier);
        _classifier.Features.CheckCompatible(_truth);
        _classifier.Features.CheckCompatible(_generator);
        _spec = o.Golden.Length > 0
            ? GoldenSetFile.Read(o.Golden)
            : new GoldenSetSpec { Attribute = o.Attribute, Target = o.Target.Count > 0 ? o.Target : null, Size = o.Size };
        if (_spec.Attribute != _classifier.Attribute)
        {
            throw new PluginInputException($"analysis.golden: the golden set is over '{_spec.Attribute}' but classifier '{o.Classifier}' predicts '{_classifier.Attribute}'; they must be the same attribute.");
        }

    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        Outcome r = Run(context);
        GoldenSelection? s = r.Problem is null ? r.Selection : null;
        string? csvError = s is null ? null : WriteGoldenCsv(s, context);
        List<double[]> golden = [];
        var snapshots = new SortedDictionary<int, IReadOnlyList<double[]>>();
        double explained = double.NaN;
        if (r.Problem is null)
        {
            golden = [.. r.Golden.Values.SelectMany(v => v).Select(r.Projection.Project)];
            foreach (var (iteration, features) in r.Rounds[1].Generation!.Snapshots)
            {
                snapshots[iteration] = [.. features.Select(r.Projection.Project)];
            }

            explained = r.Projection.ExplainedVariance.Sum();
        }

        return new GoldenOutput(
            r.Problem, s, _spec!.Origin, Options.Generator, ShortMakeup(_generator!), Options.Classifier, _classifier!.TrainingMakeup.ToString(), Options.Sensitive,
            csvError, r.Problem is null ? r.Test.Truth.Count : 0, r.Problem is null ? [.. r.Rounds.Select(Slim)] : [], golden, snapshots, explained, Findings(r));
    }

    private List<Finding> Findings(Outcome r)
    {
        if (r.Problem is not null)
        {
            return [new Finding(Area, r.Problem, true)];
        }

        DebiasingRound first = r.Rounds[0], last = r.Rounds[^1];
        GenerationResult g1 = r.Rounds[1].Generation!;
        double meanReduction = r.Rounds.Skip(1).Average(x => DebiasingFigures.Reduction(x.Generation!));
        return
        [
            new Finding(Area, $"Golden set: {r.Selection.Members.Count} samples ({Counts(r.Selection)}), {(r.Selection.Derived ? "derived by stratified resampling of the run's biased set" : $"listed in {_spec!.Origin}")}; {r.Test.Truth.Count} other samples are the held-out test set.", r.Selection.Notes.Count > 0),
            new Finding(Area, $"Generation ({(g1.Analytic ? "analytic gradient" : "zeroth-order SPSA")}) lowers the MMD to the golden set from {F(g1.Mmd[0], 2)} to {F(g1.Mmd[^1], 2)} in round 1 (−{Percent(DebiasingFigures.Reduction(g1), 0)}; mean over {r.Rounds.Count - 1} rounds −{Percent(meanReduction, 0)}).", false),
            new Finding(Area, $"Fine-tuning the biased classifier over {r.Rounds.Count - 1} rounds moves worst-group test accuracy from {Percent(first.Test.Metrics.WorstGroupAccuracy)} ({first.Test.Metrics.WorstGroup}) to {Percent(last.Test.Metrics.WorstGroupAccuracy)} ({last.Test.Metrics.WorstGroup}), overall accuracy {Percent(first.Test.Metrics.Accuracy)} → {Percent(last.Test.Metrics.Accuracy)}, equalized-odds gap {F(first.Test.Metrics.EqualizedOddsGap)} → {F(last.Test.Metrics.EqualizedOddsGap)}.",
                last.Test.Metrics.WorstGroupAccuracy <= first.Test.Metrics.WorstGroupAccuracy),
        ];
    }

    private Outcome Run(ReportContext context)
    {
        GoldenGenerateOptions o = Options;
        FaceAttributeClassifier classifier = _classifier!;

        // Candidates: the run's samples with ground-truth parameters (features come from them).
        var samples = context.Succeeded.Where(s => s.Has(MorphableFacets.TrueParameters)).ToList();
        if (samples.Count == 0)
        {
            return Outcome.Failed($"No sample of the run has '{MorphableFacets.TrueParameters.Name}': analysis.golden computes features from ground-truth parameters (a synthetic source). Nothing was generated.");
        }

        GoldenSelection selection = GoldenSelector.Select(
            _spec!, [.. samples.Select(s => new GoldenCandidate(s.Id, s.Labels.GetValueOrDefault(_spec!.Attribute)))], Context.DeriveSeed("golden.select"));
        string[] unknown = [.. selection.Counts.Keys.Where(k => !classifier.Classes.Contains(k, StringComparer.Ordinal))];
        if (unknown.Length > 0)
        {
            throw new PluginInputException($"analysis.golden: golden {selection.Attribute} value(s) {string.Join(", ", unknown)} are not classes of classifier '{o.Classifier}' ({string.Join(", ", classifier.Classes)}).");
        }

        double[][] features = [.. samples.Select(s => classifier.Features.Compute(_truth!, s.Get(MorphableFacets.TrueParameters).Identity))];
        var golden = selection.Members.GroupBy(m => m.Label).ToDictionary(
            g => g.Key, g => (IReadOnlyList<double[]>)[.. g.Select(m => features[m.Index])], StringComparer.Ordinal);
        var goldenIds = selection.Members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        int[] test = [.. Enumerable.Range(0, samples.Count).Where(i => !goldenIds.Contains(samples[i].Id) && samples[i].Labels.ContainsKey(o.Attribute) && samples[i].Labels.ContainsKey(o.Sensitive))];
        if (test.Length == 0)
        {
            return Outcome.Failed($"Every labelled sample is in the golden set: no held-out samples are left to judge the classifier on. Use a smaller golden set or more samples.");
        }

        var testSet = new LabelledFeatures(
            [.. test.Select(i => features[i])], [.. test.Select(i => samples[i].Labels[o.Attribute])], [.. test.Select(i => samples[i].Labels[o.Sensitive])]);
        int[] snapshots = [.. Enumerable.Range(0, o.StripPanels).Select(p => o.StripPanels == 1 ? o.Iterations : (int)Math.Round(p * o.Iterations / (double)(o.StripPanels - 1))).Distinct()];
        var settings = new DebiasingSettings
        {
            Rounds = o.Rounds,
            PerRound = o.PerRound,
            Generation = new GenerationSettings { Iterations = o.Iterations, StepSize = o.StepSize, Mode = o.Gradient, Directions = o.Directions, Snapshots = snapshots },
            FineTune = new Classification.SoftmaxRegressionOptions { L2 = o.L2, Anchor = o.Anchor, MaxIterations = 200 },
        };
        var generator = new LinearFeatureGenerator(classifier.Features.Linearize(_generator!, _generator!.IdentityCount));
        List<DebiasingRound> rounds = DebiasingLoop.Run(classifier, generator, golden, testSet, settings, Context.DeriveSeed("golden.generate"));
        return new Outcome(null, selection, golden, testSet, rounds, PrincipalProjection.Fit([.. golden.Values.SelectMany(v => v)]));
    }

    private static string? WriteGoldenCsv(GoldenSelection s, ReportContext context)
    {
        string csv = GoldenSetFile.ToCsv(s.Attribute, s.Members.Select(m => new GoldenEntry(m.Id, m.Label)), $"golden set of run {context.RunId}: {Counts(s)}; edit and pass as golden: to reuse");
        try
        {
            Directory.CreateDirectory(context.RunDirectory);
            File.WriteAllText(Path.Combine(context.RunDirectory, "golden-set.csv"), csv);
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    /// <summary>A round as stored: the generated latents and raw features are dropped (megabytes per round); the
    /// report needs only the MMD trace and the metrics, and round 1's features are stored projected.</summary>
    private static DebiasingRound Slim(DebiasingRound round) => round.Generation is { } g
        ? round with { Generation = g with { Latents = [], Features = [], Labels = [], Snapshots = new Dictionary<int, IReadOnlyList<double[]>>() } }
        : round;

    private static string Counts(GoldenSelection s) => string.Join(" + ", s.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));

    private sealed record Outcome(
        string? Problem, GoldenSelection Selection, IReadOnlyDictionary<string, IReadOnlyList<double[]>> Golden, LabelledFeatures Test,
        List<DebiasingRound> Rounds, PrincipalProjection Projection)
    {
        public static Outcome Failed(string problem) => new(problem, null!, null!, null!, null!, null!);
    }
}
