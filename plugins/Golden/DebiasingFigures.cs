using System.Globalization;
using Facebench.Audit.Golden;
using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>
/// The figures and tables of a golden-set debiasing loop (<see cref="DebiasingLoop"/>), shared by the sections of
/// <c>analysis.golden</c> (model features) and <c>analysis.golden-images</c> (embeddings of renders): the MMD per
/// optimisation step, a 2-D density strip of golden vs generated features (golden blue, generated red), and the
/// held-out metrics per round. Metrics are named <c>&lt;prefix&gt;.…</c>.
/// </summary>
internal static class DebiasingFigures
{
    /// <summary>The MMD to the golden set per optimisation step, one line per round; metric <c>prefix.mmd_reduction.roundK</c>.</summary>
    public static void Mmd(ReportSection section, IReadOnlyList<DebiasingRound> rounds, string prefix)
    {
        Plot plot = HouseStyle.NewPlot();
        double top = 0;
        foreach (DebiasingRound round in rounds.Skip(1))
        {
            double[] mmd = [.. round.Generation!.Mmd];
            double[] iteration = [.. Enumerable.Range(0, mmd.Length).Select(i => (double)i)];
            var line = plot.Add.ScatterLine(iteration, mmd);
            line.LineWidth = 2;
            line.LegendText = $"round {round.Round}";
            top = Math.Max(top, mmd.Where(double.IsFinite).DefaultIfEmpty(0).Max());
            section.Metric($"{prefix}.mmd_reduction.round{round.Round}", Reduction(round.Generation));
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("MMD between generated and golden features");
        plot.XLabel("iteration");
        plot.YLabel("MMD (Gaussian kernel)");
        plot.Axes.AutoScaleX();
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.08 : 1);
        section.Figure("mmd", plot, "MMD to the golden set per optimisation step, each round starting from fresh random latents.");
    }

    /// <summary>
    /// One strip of panels, one per snapshot: kernel-density regions (50% solid, 90% dashed) of the golden points
    /// (blue) and of the generated points at that iteration (red, with dots), all panels on one view.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <param name="name">The figure's file name.</param>
    /// <param name="golden">Golden features on the two axes.</param>
    /// <param name="frames">Generated features on the two axes, by iteration.</param>
    /// <param name="mmd">The generation's MMD trace (indexed by iteration), for the panel titles.</param>
    /// <param name="caption">The caption.</param>
    public static void DensityStrip(ReportSection section, string name, IReadOnlyList<double[]> golden, IReadOnlyList<(int Iteration, IReadOnlyList<double[]> Points)> frames, IReadOnlyList<double> mmd, string caption)
    {
        var panels = new List<Plot>();
        foreach ((int iteration, IReadOnlyList<double[]> points) in frames)
        {
            Plot plot = HouseStyle.NewPlot();
            plot.Add.DensityRegions([.. golden.Select(p => p[0])], [.. golden.Select(p => p[1])], [0.5, 0.9], OkabeIto.Blue, "golden");
            plot.Add.DensityRegions([.. points.Select(p => p[0])], [.. points.Select(p => p[1])], [0.5, 0.9], OkabeIto.Vermillion, "generated", filled: false);
            var dots = plot.Add.ScatterPoints(points.Select(p => p[0]).ToArray(), points.Select(p => p[1]).ToArray(), HouseStyle.Ink.WithOpacity(0.55));
            dots.MarkerSize = 3;
            plot.Title($"iteration {iteration}: MMD {F(iteration < mmd.Count ? mmd[iteration] : double.NaN, 2)}");
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

        section.Figure(name, panels, caption, new FigureSize(Math.Min(1100, 300 * panels.Count), 320));
    }

    /// <summary>
    /// The held-out metrics per round: a table (MMD, overall, per-group and worst-group accuracy, equalized-odds gap), a
    /// line chart of the summary metrics and grouped bars of the per-group accuracy; metrics
    /// <c>prefix.worst_group_accuracy.before/after</c> and <c>prefix.equalized_odds_gap.before/after</c>.
    /// </summary>
    public static void Rounds(ReportSection section, IReadOnlyList<DebiasingRound> rounds, int testCount, string sensitive, string prefix)
    {
        string[] groups = [.. rounds[0].Test.Metrics.Groups.Select(g => g.Group)];
        section.Table(new ReportTable($"Held-out test set ({testCount} samples) after each round (round 0 = the biased classifier as given)",
            ["round", "MMD start → end", "accuracy", .. groups.Select(g => $"acc. {g}"), "worst group", "equalized-odds gap"],
            [.. rounds.Select(x => (IReadOnlyList<string>)[
                x.Round.ToString(CultureInfo.InvariantCulture),
                x.Generation is { } g ? $"{F(g.Mmd[0], 2)} → {F(g.Mmd[^1], 2)} (−{Percent(Reduction(g), 0)})" : "",
                Percent(x.Test.Metrics.Accuracy),
                .. groups.Select(name => Percent(x.Test.Metrics.Groups.FirstOrDefault(a => a.Group == name)?.Accuracy ?? double.NaN)),
                $"{x.Test.Metrics.WorstGroup} {Percent(x.Test.Metrics.WorstGroupAccuracy)}",
                F(x.Test.Metrics.EqualizedOddsGap)])]));
        DebiasingRound first = rounds[0], last = rounds[^1];
        section.Metric($"{prefix}.worst_group_accuracy.before", first.Test.Metrics.WorstGroupAccuracy)
            .Metric($"{prefix}.worst_group_accuracy.after", last.Test.Metrics.WorstGroupAccuracy)
            .Metric($"{prefix}.equalized_odds_gap.before", first.Test.Metrics.EqualizedOddsGap)
            .Metric($"{prefix}.equalized_odds_gap.after", last.Test.Metrics.EqualizedOddsGap);

        double[] x = [.. rounds.Select(d => (double)d.Round)];
        Plot plot = HouseStyle.NewPlot();
        foreach ((string legend, double[] y) in new (string, double[])[]
        {
            ("overall accuracy", [.. rounds.Select(d => d.Test.Metrics.Accuracy)]),
            ("worst-group accuracy", [.. rounds.Select(d => d.Test.Metrics.WorstGroupAccuracy)]),
            ("equalized-odds gap", [.. rounds.Select(d => d.Test.Metrics.EqualizedOddsGap)]),
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
        plot.Axes.Bottom.SetTicks(x, [.. rounds.Select(d => d.Round.ToString(CultureInfo.InvariantCulture))]);
        section.Figure("rounds", plot, "Overall and worst-group accuracy and the equalized-odds gap after each round of generate + fine-tune.");

        var values = new double[groups.Length, rounds.Count];
        for (int g = 0; g < groups.Length; g++)
        {
            for (int k = 0; k < rounds.Count; k++)
            {
                values[g, k] = rounds[k].Test.Metrics.Groups.FirstOrDefault(a => a.Group == groups[g])?.Accuracy ?? double.NaN;
            }
        }

        Plot bars = HouseStyle.NewPlot();
        bars.Add.GroupedBars(groups, [.. rounds.Select(d => $"round {d.Round}")], values);
        bars.ShowLegend(Edge.Right);
        bars.Title("Test accuracy per group, per round");
        bars.XLabel(sensitive);
        bars.YLabel("accuracy");
        bars.Axes.SetLimitsY(0, 1.0);
        section.Figure("group-accuracy", bars, "Per-group accuracy on the held-out test set after each round.");
    }

    /// <summary>The share by which a generation lowered the MMD (0 when it started at 0).</summary>
    public static double Reduction(GenerationResult g) => g.Mmd[0] > 0 ? 1 - (g.Mmd[^1] / g.Mmd[0]) : 0;
}
