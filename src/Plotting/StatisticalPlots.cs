using Facebench.Plotting.Statistics;
using ScottPlot;
using ScottPlot.Plottables;

namespace Facebench.Plotting;

/// <summary>
/// The few statistical plots reports draw that ScottPlot has no one-call form for, added with ScottPlot's own
/// plottables: an ECDF step line, histogram bars that survive one-value data, named bars with error bars, grouped
/// bars, Tukey box plots with their outliers, and filled highest-density regions of a 2-D kernel density.
/// </summary>
public static class StatisticalPlots
{
    /// <summary>The empirical CDF of the finite values as a step line (<see cref="EmpiricalCdf"/>).</summary>
    public static Scatter Ecdf(this PlottableAdder add, IEnumerable<double> values, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(add);
        (double[] xs, double[] ys) = EmpiricalCdf.Steps(values);
        Scatter line = add.ScatterLine(xs, ys, color ?? add.GetNextColor());
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2;
        return line;
    }

    /// <summary>Histogram bars (touching, one per bin) from <see cref="HistogramBins"/>; the count axis gets whole-number ticks.</summary>
    public static BarPlot Histogram(this PlottableAdder add, HistogramBins bins, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(bins);
        Color fill = color ?? add.GetNextColor();
        var bars = new List<Bar>(bins.Counts.Length);
        for (int i = 0; i < bins.Counts.Length; i++)
        {
            bars.Add(new Bar
            {
                Position = (bins.Edges[i] + bins.Edges[i + 1]) / 2,
                Value = bins.Counts[i],
                Size = bins.Edges[i + 1] - bins.Edges[i],
                FillColor = fill,
                LineColor = Colors.White,
                LineWidth = 0.5f,
            });
        }

        BarPlot plot = add.Bars(bars);
        plot.Color = fill;
        if (add.Plot.Axes.Left.TickGenerator is ScottPlot.TickGenerators.NumericAutomatic counts)
        {
            counts.IntegerTicksOnly = true; // no "2.5 faces"
        }

        return plot;
    }

    /// <summary>
    /// One bar per label at x = 0, 1, 2, … with symmetric error bars (half-widths; 0 or NaN draws none); the labels
    /// become the bottom axis's ticks. NaN values get no bar.
    /// </summary>
    public static BarPlot CategoryBars(this PlottableAdder add, IReadOnlyList<string> labels, IReadOnlyList<double> values, IReadOnlyList<double>? errors = null, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        if (labels.Count != values.Count || (errors is not null && errors.Count != values.Count))
        {
            throw new ArgumentException($"CategoryBars needs as many labels ({labels.Count}) and errors ({errors?.Count}) as values ({values.Count}).");
        }

        Color fill = color ?? add.GetNextColor();
        var bars = new List<Bar>();
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsFinite(values[i]))
            {
                bars.Add(NewBar(i, values[i], errors?[i] ?? 0, 0.7, fill));
            }
        }

        BarPlot plot = add.Bars(bars);
        plot.Color = fill;
        add.Plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Count).Select(i => (double)i)], [.. labels]);
        HideCategoryGrid(add.Plot);
        return plot;
    }

    /// <summary>
    /// Grouped bars: for each group (x = 0, 1, 2, …, named by the group) one bar per series side by side, coloured by
    /// series and named in the legend. <paramref name="values"/>[group, series] are heights (NaN: no bar) and
    /// <paramref name="errors"/> (optional, same shape) error-bar half-widths.
    /// </summary>
    public static IReadOnlyList<BarPlot> GroupedBars(this PlottableAdder add, IReadOnlyList<string> groups, IReadOnlyList<string> series, double[,] values, double[,]? errors = null)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) != groups.Count || values.GetLength(1) != series.Count)
        {
            throw new ArgumentException($"Values must be [{groups.Count} groups, {series.Count} series], not [{values.GetLength(0)}, {values.GetLength(1)}].", nameof(values));
        }

        if (errors is not null && (errors.GetLength(0) != groups.Count || errors.GetLength(1) != series.Count))
        {
            throw new ArgumentException("Errors must have the same shape as values.", nameof(errors));
        }

        const double groupWidth = 0.8;
        double barWidth = groupWidth / Math.Max(1, series.Count);
        var result = new List<BarPlot>(series.Count);
        for (int s = 0; s < series.Count; s++)
        {
            Color fill = add.GetNextColor();
            double offset = (-groupWidth / 2) + (barWidth * (s + 0.5));
            var bars = new List<Bar>();
            for (int g = 0; g < groups.Count; g++)
            {
                if (double.IsFinite(values[g, s]))
                {
                    bars.Add(NewBar(g + offset, values[g, s], errors?[g, s] ?? 0, barWidth * 0.92, fill));
                }
            }

            BarPlot plot = add.Bars(bars);
            plot.Color = fill;
            plot.LegendText = series[s];
            result.Add(plot);
        }

        add.Plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, groups.Count).Select(i => (double)i)], [.. groups]);
        HideCategoryGrid(add.Plot);
        return result;
    }

    /// <summary>
    /// Tukey box plots (<see cref="BoxStatistics"/>: quartile box, median line, whiskers to the last point within
    /// 1.5 IQR) of each sample at x = 0, 1, 2, …, named by <paramref name="labels"/> on the bottom axis, with the
    /// outliers as open circles. A sample without finite values gets no box (and with no box at all, nothing is added).
    /// </summary>
    public static (BoxPlot Boxes, Scatter? Outliers) TukeyBoxes(this PlottableAdder add, IReadOnlyList<string> labels, IReadOnlyList<IEnumerable<double>> samples, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(samples);
        if (labels.Count != samples.Count)
        {
            throw new ArgumentException($"TukeyBoxes needs one label per sample ({labels.Count} labels, {samples.Count} samples).", nameof(labels));
        }

        Color fill = color ?? add.GetNextColor();
        var boxes = new List<Box>();
        var outlierX = new List<double>();
        var outlierY = new List<double>();
        for (int i = 0; i < samples.Count; i++)
        {
            BoxStatistics b = BoxStatistics.Compute(samples[i]);
            if (b.Count == 0)
            {
                continue;
            }

            boxes.Add(new Box
            {
                Position = i,
                BoxMin = b.Q1,
                BoxMax = b.Q3,
                BoxMiddle = b.Median,
                WhiskerMin = b.WhiskerLow,
                WhiskerMax = b.WhiskerHigh,
                Width = 0.55,
                FillColor = fill.WithOpacity(0.55),
                LineColor = fill.Darken(0.55),
                LineWidth = 1.4f,
            });
            outlierX.AddRange(b.Outliers.Select(_ => (double)i));
            outlierY.AddRange(b.Outliers);
        }

        // Built here rather than by add.Boxes, which would paint every box with the next palette colour; and left off the
        // plot when empty, since ScottPlot's box plot cannot name an empty legend entry.
        var plot = new BoxPlot();
        plot.Boxes.AddRange(boxes);
        if (boxes.Count > 0)
        {
            add.Plottable(plot);
        }

        Scatter? outliers = null;
        if (outlierX.Count > 0)
        {
            outliers = add.ScatterPoints(outlierX.ToArray(), outlierY.ToArray(), fill.Darken(0.55));
            outliers.MarkerShape = MarkerShape.OpenCircle;
            outliers.MarkerSize = 6;
        }

        add.Plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Count).Select(i => (double)i)], [.. labels]);
        HideCategoryGrid(add.Plot);
        return (plot, outliers);
    }

    /// <summary>
    /// Highest-density regions of the 2-D Gaussian kernel density of the finite (x, y) pairs
    /// (<see cref="KernelDensity2D"/>, Scott's bandwidth; <see cref="DensityLevels.HighestDensityThresholds"/>;
    /// <see cref="MarchingSquares"/>): for each probability, the smallest region holding that share of the density,
    /// outlined (the largest dashed, the smallest solid) and, when <paramref name="filled"/>, filled lightly (inner
    /// regions darker). Two samples compare best with one filled and one outlined. The legend names the series once.
    /// </summary>
    public static IReadOnlyList<Polygon> DensityRegions(this PlottableAdder add, IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double> probabilities, Color color, string? legendText = null, bool filled = true, int gridSize = 100)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(probabilities);
        var kde = new KernelDensity2D(xs, ys);
        if (kde.Count < 2)
        {
            return [];
        }

        Grid2D grid = kde.EvaluateGrid(gridSize, gridSize);
        double[] order = [.. probabilities.OrderDescending()]; // outer (largest) region first, so inner ones are drawn on top
        double[] thresholds = DensityLevels.HighestDensityThresholds(grid, order);
        var polygons = new List<Polygon>();
        for (int k = 0; k < order.Length; k++)
        {
            double opacity = 0.12 + (0.18 * k / Math.Max(1, order.Length - 1));
            foreach (Contour contour in MarchingSquares.Contours(grid, thresholds[k]).Where(c => c.Points.Length >= 3))
            {
                Polygon polygon = add.Polygon(contour.Points);
                polygon.FillColor = filled ? color.WithOpacity(opacity) : Colors.Transparent;
                polygon.LineColor = color;
                polygon.LineWidth = k == order.Length - 1 ? 2f : 1.2f;
                polygon.LinePattern = k == 0 && order.Length > 1 ? LinePattern.Dashed : LinePattern.Solid;
                polygons.Add(polygon);
            }
        }

        if (legendText is not null && polygons.Count > 0)
        {
            polygons[^1].LegendText = legendText;
        }

        return polygons;
    }

    /// <summary>Named categories need no vertical grid lines (they would run through the bars) nor tick marks.</summary>
    private static void HideCategoryGrid(Plot plot)
    {
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
    }

    private static Bar NewBar(double position, double value, double error, double size, Color fill) => new()
    {
        Position = position,
        Value = value,
        Error = double.IsFinite(error) ? Math.Abs(error) : 0,
        Size = size,
        FillColor = fill,
        LineColor = fill.Darken(0.55), // outline and error bar: ScottPlot draws both with the bar's line style
        LineWidth = 1.2f,
        ErrorSize = size * 0.35,
    };
}
