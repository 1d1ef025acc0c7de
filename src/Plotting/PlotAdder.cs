using Facebench.Plotting.Plottables;
using Facebench.Plotting.Statistics;

namespace Facebench.Plotting;

/// <summary>
/// Creates plottables, adds them to the owning <see cref="Plot"/> and returns them for further styling
/// (<c>plot.Add.Scatter(xs, ys).LegendText = "...";</c>). Series without an explicit colour take the next colour
/// of <see cref="Plot.Palette"/>. Input lists are copied.
/// </summary>
public sealed class PlotAdder
{
    private readonly Plot _plot;
    private int _colorIndex;

    internal PlotAdder(Plot plot) => _plot = plot;

    /// <summary>The colour the next series will get (and advances the palette).</summary>
    public Color NextColor() => _plot.Palette.GetColor(_colorIndex++);

    /// <summary>Adds any plottable, including custom ones.</summary>
    public T Plottable<T>(T plottable)
        where T : IPlottable
    {
        ArgumentNullException.ThrowIfNull(plottable);
        _plot.AddPlottable(plottable);
        return plottable;
    }

    /// <summary>Points joined by lines, with markers.</summary>
    public Scatter Scatter(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color? color = null) =>
        Plottable(new Scatter(xs, ys, color ?? NextColor()));

    /// <summary>Points joined by lines, with markers.</summary>
    public Scatter Scatter(IReadOnlyList<Coordinates> points, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        return Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), color);
    }

    /// <summary>Markers only (no connecting line), e.g. landmarks.</summary>
    public Scatter ScatterPoints(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color? color = null)
    {
        Scatter s = Scatter(xs, ys, color);
        s.LineWidth = 0;
        return s;
    }

    /// <summary>A line through the points, without markers.</summary>
    public Scatter Line(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color? color = null)
    {
        Scatter s = Scatter(xs, ys, color);
        s.MarkerSize = 0;
        return s;
    }

    /// <summary>
    /// Histogram of the finite values with <paramref name="binCount"/> equal bins or bins of <paramref name="binWidth"/>
    /// (default: Freedman–Diaconis). Non-finite values are skipped.
    /// </summary>
    public Histogram Histogram(IEnumerable<double> values, int? binCount = null, double? binWidth = null, Color? color = null) =>
        Plottable(new Histogram(values, color ?? NextColor(), binCount, binWidth));

    /// <summary>
    /// Bars at X = 0, 1, 2, ... with optional error bars; when <paramref name="labels"/> are given they replace the
    /// X tick labels.
    /// </summary>
    public BarPlot Bars(IReadOnlyList<double> values, IReadOnlyList<string>? labels = null, IReadOnlyList<double>? errors = null, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] positions = Enumerable.Range(0, values.Count).Select(i => (double)i).ToArray();
        if (labels is not null)
        {
            _plot.Axes.SetXTicks(positions, labels);
        }

        return Plottable(new BarPlot(positions, values, errors, color ?? NextColor()));
    }

    /// <summary>
    /// Grouped bars: one bar series per entry of <paramref name="series"/> (with legend text and palette colour),
    /// placed side by side within each group; <paramref name="values"/>[group, series] are the heights and
    /// <paramref name="errors"/> (optional, same shape) the error-bar half-lengths. Group names become X tick labels.
    /// </summary>
    public IReadOnlyList<BarPlot> GroupedBars(IReadOnlyList<string> groups, IReadOnlyList<string> series, double[,] values, double[,]? errors = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) != groups.Count || values.GetLength(1) != series.Count)
        {
            throw new ArgumentException($"Values must be [{groups.Count} groups, {series.Count} series].", nameof(values));
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
            double offset = (-groupWidth / 2) + (barWidth * (s + 0.5));
            var positions = new double[groups.Count];
            var heights = new double[groups.Count];
            double[]? err = errors is null ? null : new double[groups.Count];
            for (int g = 0; g < groups.Count; g++)
            {
                positions[g] = g + offset;
                heights[g] = values[g, s];
                if (err is not null)
                {
                    err[g] = errors![g, s];
                }
            }

            BarPlot bars = Plottable(new BarPlot(positions, heights, err, NextColor()));
            bars.BarWidth = barWidth * 0.92; // a hairline gap between neighbours
            bars.LegendText = series[s];
            result.Add(bars);
        }

        _plot.Axes.SetXTicks(Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups);
        return result;
    }

    /// <summary>
    /// Box plots of each sample at X = 0, 1, 2, ...; <paramref name="labels"/> (optional) become X tick labels.
    /// Use <see cref="BoxPlot.Offset"/> and <see cref="BoxPlot.BoxWidth"/> to put several series side by side.
    /// </summary>
    public BoxPlot BoxPlot(IEnumerable<IEnumerable<double>> samples, IReadOnlyList<string>? labels = null, Color? color = null)
    {
        BoxPlot box = Plottable(new BoxPlot(samples, color ?? NextColor()));
        if (labels is not null)
        {
            _plot.Axes.SetXTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels);
        }

        return box;
    }

    /// <summary>Empirical CDF of the finite values as a step line.</summary>
    public Ecdf Ecdf(IEnumerable<double> values, Color? color = null) => Plottable(new Ecdf(values, color ?? NextColor()));

    /// <summary>
    /// 2-D Gaussian kernel density of the finite (x, y) pairs as filled highest-density-region contours
    /// (default masses 25/50/75/95 %, bandwidth by Scott's rule).
    /// </summary>
    public DensityContours DensityContours(IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double>? probabilities = null,
        BandwidthRule rule = BandwidthRule.Scott, int gridSize = 100, Color? color = null) =>
        Plottable(new DensityContours(xs, ys, color ?? NextColor(), probabilities, rule, gridSize));

    /// <summary>An RGB or RGBA pixel buffer (row-major, top row first) as an image underlay in pixel coordinates.</summary>
    public ImagePlot Image(byte[] pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return Plottable(ImagePlot.FromPixels(pixels, width, height));
    }

    /// <summary>A PNG file as an image underlay in pixel coordinates (the file bytes are embedded unchanged).</summary>
    public ImagePlot Image(string pngPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        return Plottable(new ImagePlot(File.ReadAllBytes(pngPath)));
    }

    /// <summary>Encoded PNG bytes as an image underlay in pixel coordinates.</summary>
    public ImagePlot ImagePng(byte[] png) => Plottable(new ImagePlot(png));

    /// <summary>Independent straight segments.</summary>
    public Segments Segments(IEnumerable<CoordinateLine> lines, Color? color = null) =>
        Plottable(new Segments(lines, color ?? NextColor()));

    /// <summary>
    /// A wireframe: segments between vertices (<paramref name="xs"/>[i], <paramref name="ys"/>[i]) for each index pair
    /// in <paramref name="edges"/>; pairs with an out-of-range index are skipped.
    /// </summary>
    public Segments Segments(IReadOnlyList<double> xs, IReadOnlyList<double> ys, IEnumerable<(int A, int B)> edges, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(edges);
        int n = Math.Min(xs.Count, ys.Count);
        var lines = new List<CoordinateLine>();
        foreach ((int a, int b) in edges)
        {
            if ((uint)a < (uint)n && (uint)b < (uint)n)
            {
                lines.Add(new CoordinateLine(xs[a], ys[a], xs[b], ys[b]));
            }
        }

        return Segments(lines, color);
    }

    /// <summary>A horizontal line across the data area at <paramref name="y"/> (dashed, dark grey by default).</summary>
    public AxisLine HorizontalLine(double y, Color? color = null) => Plottable(new AxisLine(y, true, color ?? Colors.Gray));

    /// <summary>A vertical line across the data area at <paramref name="x"/> (dashed, dark grey by default).</summary>
    public AxisLine VerticalLine(double x, Color? color = null) => Plottable(new AxisLine(x, false, color ?? Colors.Gray));

    /// <summary>A text annotation at a data position.</summary>
    public TextLabel Text(string text, double x, double y) => Plottable(new TextLabel(text, x, y));
}
