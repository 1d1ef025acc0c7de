using System.Globalization;
using Facebench.Audit.Golden;
using Facebench.Audit.Reporting;
using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>Options of <c>golden.generate</c>.</summary>
public sealed class GoldenReportOptions
{
    [Option("The analysis whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.golden";
}

/// <summary>
/// The golden-set debiasing section, rendered from the stored output of <c>analysis.golden</c>
/// (<see cref="GoldenOutput"/>): the golden set, the MMD per optimisation step, the 2-D density strip of golden vs
/// generated features, and the held-out metrics per round. Computes nothing.
/// </summary>
[Plugin("golden.generate", PluginKind.Report, "2.0.0", "Golden-set debiasing section (golden set, MMD, density strip, per-round metrics), rendered from the stored output of analysis.golden")]
public sealed class GoldenReport : Plugin<GoldenReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        GoldenOutput r = context.Analysis<GoldenOutput>(Options.Analysis);
        var section = new ReportSection("Golden-set debiasing");
        if (r.Problem is not null)
        {
            return section.Paragraph(r.Problem);
        }

        AddGoldenSet(section, r);
        AddMmd(section, r);
        AddStrip(section, r);
        AddRounds(section, r);
        return section;
    }

    private static void AddGoldenSet(ReportSection section, GoldenOutput r)
    {
        GoldenSelection s = r.Selection!;
        section.Paragraph($"Golden set over '{s.Attribute}': {s.Members.Count} samples, {Counts(s)}, target {Shares(s.Target)}; {(s.Derived ? "derived from the run's samples by stratified resampling (no file given, or a target-distribution file)" : $"listed in {r.Origin}")}. Generator: latents of '{r.Generator}' ({r.GeneratorMakeup}); classifier: '{r.Classifier}', trained on {r.ClassifierMakeup}.");
        foreach (string note in s.Notes)
        {
            section.Paragraph(note);
        }

        section.Paragraph(r.GoldenCsvError is null
            ? "The golden set is written to golden-set.csv in the run folder: inspect it, edit it by hand, and pass it back as the 'golden' option."
            : $"golden-set.csv could not be written ({r.GoldenCsvError}); the members are listed below.");

        section.Table(new ReportTable("Golden samples (first 30)", ["id", s.Attribute, "repeat draw"],
            [.. s.Members.Take(30).Select(m => (IReadOnlyList<string>)[m.Id, m.Label, m.Duplicate ? "yes" : ""])]));
    }

    private static void AddMmd(ReportSection section, GoldenOutput r)
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

    private static void AddStrip(ReportSection section, GoldenOutput r)
    {
        GenerationResult g = r.Rounds[1].Generation!;
        double[][] golden = [.. r.GoldenPoints];
        var frames = r.Snapshots.OrderBy(kv => kv.Key).Select(kv => (Iteration: kv.Key, Points: kv.Value.ToArray())).ToList();
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
            $"Kernel density (50% regions solid, 90% dashed) of golden vs generated features on the golden set's first two principal axes ({Percent(r.ExplainedVariance, 0)} of its variance), at iterations {string.Join(", ", frames.Select(f => f.Iteration))} of round 1; dots are the generated samples.",
            new FigureSize(Math.Min(1100, 300 * panels.Count), 320));
    }

    private static void AddRounds(ReportSection section, GoldenOutput r)
    {
        string[] groups = [.. r.Rounds[0].Test.Metrics.Groups.Select(g => g.Group)];
        section.Table(new ReportTable($"Held-out test set ({r.TestCount} samples) after each round (round 0 = the biased classifier as given)",
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
        bars.XLabel(r.Sensitive);
        bars.YLabel("accuracy");
        bars.Axes.SetLimitsY(0, 1.0);
        section.Figure("group-accuracy", bars, "Per-group accuracy on the held-out test set after each round.");
    }

    private static double Reduction(GenerationResult g) => g.Mmd[0] > 0 ? 1 - (g.Mmd[^1] / g.Mmd[0]) : 0;

    private static string Counts(GoldenSelection s) => string.Join(" + ", s.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
}
