using System.Globalization;
using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Audit.Features;
using Facebench.Audit.Golden;
using Facebench.Audit.Reporting;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Distributions;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>
/// The golden-set debiasing loop as a report section: resolve the golden set against the run's samples (a listed
/// file, or derived from the biased set by stratified resampling; written to <c>golden-set.csv</c> for inspection),
/// then K rounds of generating samples whose features approach the golden set's (<see cref="MmdGenerator"/>:
/// class-conditional MMD with a Gaussian kernel; analytic gradient through the model, or zeroth-order) and
/// fine-tuning the biased classifier on them (<see cref="DebiasingLoop"/>), judged on the run's samples that are not
/// golden (held out): accuracy overall, per group, worst group, equalized-odds gap. Plots: MMD per iteration, the
/// 2-D density of golden vs generated features (PCA fitted on the golden set) at several iterations as a strip,
/// and the metrics per round.
/// </summary>
[Plugin("golden.generate", PluginKind.Report, "1.0.0", "Golden set (file or derived), MMD generation towards it, and K rounds of fine-tuning a biased classifier judged on held-out samples")]
public sealed class GoldenGenerateReport : Plugin<GoldenGenerateOptions>, IReportSection, IAuditAnalysis
{
    private const string Area = "Golden-set debiasing";
    private IMorphableModel? _truth, _generator;
    private FaceAttributeClassifier? _classifier;
    private GoldenSetSpec? _spec;
    private AnalysisCache<Outcome>? _cache;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        GoldenGenerateOptions o = Options;
        if (o.Rounds < 1 || o.PerRound < 2 || o.Iterations < 1 || !(o.StepSize > 0) || o.Size < 2 || o.StripPanels < 1 || o.Directions < 1
            || !(o.L2 >= 0) || !double.IsFinite(o.L2) || !(o.Anchor >= 0) || !double.IsFinite(o.Anchor))
        {
            throw new PluginInputException("golden.generate: rounds ≥ 1, per_round ≥ 2, iterations ≥ 1, step_size > 0, size ≥ 2, strip_panels ≥ 1, directions ≥ 1, and finite l2 ≥ 0 and anchor ≥ 0 are required.");
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
            throw new PluginInputException($"golden.generate: the golden set is over '{_spec.Attribute}' but classifier '{o.Classifier}' predicts '{_classifier.Attribute}'; they must be the same attribute.");
        }

        _cache = new AnalysisCache<Outcome>(Run);
        Context.GetComponent<FindingsBoard>(o.Findings).Register(BoardKey.Of(this, o), this);
    }

    /// <inheritdoc />
    public IReadOnlyList<Finding> Findings(ReportContext context)
    {
        Outcome r = _cache!.Get(context);
        if (r.Problem is not null)
        {
            return [new Finding(Area, r.Problem, true)];
        }

        DebiasingRound first = r.Rounds[0], last = r.Rounds[^1];
        GenerationResult g1 = r.Rounds[1].Generation!;
        double meanReduction = r.Rounds.Skip(1).Average(x => Reduction(x.Generation!));
        return
        [
            new Finding(Area, $"Golden set: {r.Selection.Members.Count} samples ({Counts(r.Selection)}), {(r.Selection.Derived ? "derived by stratified resampling of the run's biased set" : $"listed in {_spec!.Origin}")}; {r.Test.Truth.Count} other samples are the held-out test set.", r.Selection.Notes.Count > 0),
            new Finding(Area, $"Generation ({(g1.Analytic ? "analytic gradient" : "zeroth-order SPSA")}) lowers the MMD to the golden set from {F(g1.Mmd[0], 2)} to {F(g1.Mmd[^1], 2)} in round 1 (−{Percent(Reduction(g1), 0)}; mean over {r.Rounds.Count - 1} rounds −{Percent(meanReduction, 0)}).", false),
            new Finding(Area, $"Fine-tuning the biased classifier over {r.Rounds.Count - 1} rounds moves worst-group test accuracy from {Percent(first.Test.Metrics.WorstGroupAccuracy)} ({first.Test.Metrics.WorstGroup}) to {Percent(last.Test.Metrics.WorstGroupAccuracy)} ({last.Test.Metrics.WorstGroup}), overall accuracy {Percent(first.Test.Metrics.Accuracy)} → {Percent(last.Test.Metrics.Accuracy)}, equalized-odds gap {F(first.Test.Metrics.EqualizedOddsGap)} → {F(last.Test.Metrics.EqualizedOddsGap)}.",
                last.Test.Metrics.WorstGroupAccuracy <= first.Test.Metrics.WorstGroupAccuracy),
        ];
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        Outcome r = _cache!.Get(context);
        var section = new ReportSection("Golden-set debiasing");
        if (r.Problem is not null)
        {
            return section.Paragraph(r.Problem);
        }

        AddGoldenSet(section, r, context);
        AddMmd(section, r);
        AddStrip(section, r);
        AddRounds(section, r);
        return section;
    }

    private Outcome Run(ReportContext context)
    {
        GoldenGenerateOptions o = Options;
        FaceAttributeClassifier classifier = _classifier!;

        // Candidates: the run's samples with ground-truth parameters (features come from them).
        var samples = context.Succeeded.Where(s => s.Has(MorphableFacets.TrueParameters)).ToList();
        if (samples.Count == 0)
        {
            return Outcome.Failed($"No sample of the run has '{MorphableFacets.TrueParameters.Name}': golden.generate computes features from ground-truth parameters (a synthetic source). Nothing was generated.");
        }

        GoldenSelection selection = GoldenSelector.Select(
            _spec!, [.. samples.Select(s => new GoldenCandidate(s.Id, s.Labels.GetValueOrDefault(_spec!.Attribute)))], Context.DeriveSeed("golden.select"));
        string[] unknown = [.. selection.Counts.Keys.Where(k => !classifier.Classes.Contains(k, StringComparer.Ordinal))];
        if (unknown.Length > 0)
        {
            throw new PluginInputException($"golden.generate: golden {selection.Attribute} value(s) {string.Join(", ", unknown)} are not classes of classifier '{o.Classifier}' ({string.Join(", ", classifier.Classes)}).");
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

    private void AddGoldenSet(ReportSection section, Outcome r, ReportContext context)
    {
        GoldenSelection s = r.Selection;
        section.Paragraph($"Golden set over '{s.Attribute}': {s.Members.Count} samples, {Counts(s)}, target {Shares(s.Target)}; {(s.Derived ? "derived from the run's samples by stratified resampling (no file given, or a target-distribution file)" : $"listed in {_spec!.Origin}")}. Generator: latents of '{Options.Generator}' ({ShortMakeup(_generator!)}); classifier: '{Options.Classifier}', trained on {_classifier!.TrainingMakeup}.");
        foreach (string note in s.Notes)
        {
            section.Paragraph(note);
        }

        string csv = GoldenSetFile.ToCsv(s.Attribute, s.Members.Select(m => new GoldenEntry(m.Id, m.Label)), $"golden set of run {context.RunId}: {Counts(s)}; edit and pass as golden: to reuse");
        try
        {
            Directory.CreateDirectory(context.RunDirectory);
            File.WriteAllText(Path.Combine(context.RunDirectory, "golden-set.csv"), csv);
            section.Paragraph("The golden set is written to golden-set.csv in the run folder: inspect it, edit it by hand, and pass it back as the 'golden' option.");
        }
        catch (IOException e)
        {
            section.Paragraph($"golden-set.csv could not be written ({e.Message}); the members are listed below.");
        }

        section.Table(new ReportTable("Golden samples (first 30)", ["id", s.Attribute, "repeat draw"],
            [.. s.Members.Take(30).Select(m => (IReadOnlyList<string>)[m.Id, m.Label, m.Duplicate ? "yes" : ""])]));
    }

    private static void AddMmd(ReportSection section, Outcome r)
    {
        Plot plot = HouseStyle.NewPlot();
        double top = 0;
        foreach (DebiasingRound round in r.Rounds.Skip(1))
        {
            double[] mmd = [.. round.Generation!.Mmd];
            double[] iteration = [.. Enumerable.Range(0, mmd.Length).Select(i => (double)i)];
            var line = plot.Add.ScatterLine(iteration, mmd);
            line.LineWidth = 2;
            line.LegendText = $"round {round.Round}";
            top = Math.Max(top, mmd.Where(double.IsFinite).DefaultIfEmpty(0).Max());
            section.Metric($"golden.mmd_reduction.round{round.Round}", Reduction(round.Generation));
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("MMD between generated and golden features");
        plot.XLabel("iteration");
        plot.YLabel("MMD (Gaussian kernel)");
        plot.Axes.AutoScaleX();
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
        section.Figure("mmd", plot, "MMD to the golden set per optimisation step, each round starting from fresh random latents.");
    }

    private static void AddStrip(ReportSection section, Outcome r)
    {
        GenerationResult g = r.Rounds[1].Generation!;
        double[][] golden = [.. r.Golden.Values.SelectMany(v => v).Select(r.Projection.Project)];
        var frames = g.Snapshots.OrderBy(kv => kv.Key).Select(kv => (Iteration: kv.Key, Points: kv.Value.Select(r.Projection.Project).ToArray())).ToList();
        var panels = new List<Plot>();
        foreach ((int iteration, double[][] points) in frames)
        {
            Plot plot = HouseStyle.NewPlot();
            plot.Add.DensityRegions([.. golden.Select(p => p[0])], [.. golden.Select(p => p[1])], [0.5, 0.9], OkabeIto.Blue, "golden");
            plot.Add.DensityRegions([.. points.Select(p => p[0])], [.. points.Select(p => p[1])], [0.5, 0.9], OkabeIto.Vermillion, "generated", filled: false);
            var dots = plot.Add.ScatterPoints(points.Select(p => p[0]).ToArray(), points.Select(p => p[1]).ToArray(), HouseStyle.Ink.WithOpacity(0.55));
            dots.MarkerSize = 3;
            plot.Title($"iteration {iteration}: MMD {F(g.Mmd[iteration], 2)}");
            plot.XLabel("golden PC 1");
            plot.YLabel(panels.Count == 0 ? "golden PC 2" : "");
            if (panels.Count == 0)
            {
                plot.ShowLegend(Alignment.UpperRight);
            }

            panels.Add(plot);
        }

        // One view for every panel, wide enough for the points and the outermost density contour of any panel.
        AxisLimits view = panels.SelectMany(p => p.PlottableList).Select(p => p.GetAxisLimits()).Aggregate((a, b) => a.Expanded(b));
        double padX = 0.04 * view.HorizontalSpan, padY = 0.04 * view.VerticalSpan;
        foreach (Plot panel in panels)
        {
            panel.Axes.SetLimits(view.Left - padX, view.Right + padX, view.Bottom - padY, view.Top + padY);
        }

        section.Figure("density-strip", panels,
            $"Kernel density (50% regions solid, 90% dashed) of golden vs generated features on the golden set's first two principal axes ({Percent(r.Projection.ExplainedVariance.Sum(), 0)} of its variance), at iterations {string.Join(", ", frames.Select(f => f.Iteration))} of round 1; dots are the generated samples.",
            new FigureSize(Math.Min(1100, 300 * panels.Count), 320));
    }

    private void AddRounds(ReportSection section, Outcome r)
    {
        string[] groups = [.. r.Rounds[0].Test.Metrics.Groups.Select(g => g.Group)];
        section.Table(new ReportTable($"Held-out test set ({r.Test.Truth.Count} samples) after each round (round 0 = the biased classifier as given)",
            ["round", "MMD start → end", "accuracy", .. groups.Select(g => $"acc. {g}"), "worst group", "equalized-odds gap"],
            [.. r.Rounds.Select(x => (IReadOnlyList<string>)[
                x.Round.ToString(CultureInfo.InvariantCulture),
                x.Generation is { } g ? $"{F(g.Mmd[0], 2)} → {F(g.Mmd[^1], 2)} (−{Percent(Reduction(g), 0)})" : "",
                Percent(x.Test.Metrics.Accuracy),
                .. groups.Select(name => Percent(x.Test.Metrics.Groups.FirstOrDefault(a => a.Group == name)?.Accuracy ?? double.NaN)),
                $"{x.Test.Metrics.WorstGroup} {Percent(x.Test.Metrics.WorstGroupAccuracy)}",
                F(x.Test.Metrics.EqualizedOddsGap)])]));
        DebiasingRound first = r.Rounds[0], last = r.Rounds[^1];
        section.Metric("golden.worst_group_accuracy.before", first.Test.Metrics.WorstGroupAccuracy)
            .Metric("golden.worst_group_accuracy.after", last.Test.Metrics.WorstGroupAccuracy)
            .Metric("golden.equalized_odds_gap.before", first.Test.Metrics.EqualizedOddsGap)
            .Metric("golden.equalized_odds_gap.after", last.Test.Metrics.EqualizedOddsGap);

        double[] x = [.. r.Rounds.Select(d => (double)d.Round)];
        Plot plot = HouseStyle.NewPlot();
        foreach ((string legend, double[] y) in new (string, double[])[]
        {
            ("overall accuracy", [.. r.Rounds.Select(d => d.Test.Metrics.Accuracy)]),
            ("worst-group accuracy", [.. r.Rounds.Select(d => d.Test.Metrics.WorstGroupAccuracy)]),
            ("equalized-odds gap", [.. r.Rounds.Select(d => d.Test.Metrics.EqualizedOddsGap)]),
        })
        {
            var line = plot.Add.Scatter(x, y);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = legend;
        }

        plot.ShowLegend(Edge.Bottom); // the lines can cross anywhere in the data area
        plot.Title("Classifier on the held-out test set, per round");
        plot.XLabel("round (0 = before fine-tuning)");
        plot.YLabel("share");
        plot.Axes.SetLimits(-0.3, x[^1] + 0.3, 0, 1.02);
        plot.Axes.Bottom.SetTicks(x, [.. r.Rounds.Select(d => d.Round.ToString(CultureInfo.InvariantCulture))]);
        section.Figure("rounds", plot, "Overall and worst-group accuracy and the equalized-odds gap after each round of generate + fine-tune.");

        var values = new double[groups.Length, r.Rounds.Count];
        for (int g = 0; g < groups.Length; g++)
        {
            for (int k = 0; k < r.Rounds.Count; k++)
            {
                values[g, k] = r.Rounds[k].Test.Metrics.Groups.FirstOrDefault(a => a.Group == groups[g])?.Accuracy ?? double.NaN;
            }
        }

        Plot bars = HouseStyle.NewPlot();
        bars.Add.GroupedBars(groups, [.. r.Rounds.Select(d => $"round {d.Round}")], values);
        bars.ShowLegend(Edge.Right);
        bars.Title("Test accuracy per group, per round");
        bars.XLabel(Options.Sensitive);
        bars.YLabel("accuracy");
        bars.Axes.SetLimitsY(0, 1.0);
        section.Figure("group-accuracy", bars, "Per-group accuracy on the held-out test set after each round.");
    }

    private static double Reduction(GenerationResult g) => g.Mmd[0] > 0 ? 1 - (g.Mmd[^1] / g.Mmd[0]) : 0;

    private static string Counts(GoldenSelection s) => string.Join(" + ", s.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));

    private sealed record Outcome(
        string? Problem, GoldenSelection Selection, IReadOnlyDictionary<string, IReadOnlyList<double[]>> Golden, LabelledFeatures Test,
        List<DebiasingRound> Rounds, PrincipalProjection Projection)
    {
        public static Outcome Failed(string problem) => new(problem, null!, null!, null!, null!, null!);
    }
}
