using Facebench.Plotting.Rendering;
using Facebench.Plotting.Statistics;

namespace Facebench.Plotting.Plottables;

/// <summary>
/// A 2-D Gaussian kernel density estimate drawn as nested, semi-transparent filled regions bounded by contour lines
/// (marching squares). Levels are highest-density regions: by default the smallest regions holding 25 %, 50 %, 75 %
/// and 95 % of the estimated probability mass, so series with different spreads are drawn comparably. Overlapping
/// regions darken the core; several series on one plot stay readable because each only adds a light tint plus
/// crisp outlines in its own colour.
/// </summary>
public sealed class DensityContours : IPlottable
{
    /// <summary>The default probability-mass levels.</summary>
    public static IReadOnlyList<double> DefaultProbabilities { get; } = [0.25, 0.5, 0.75, 0.95];

    private readonly Coordinates? _singlePoint;

    /// <summary>
    /// Estimates the density of the finite (x, y) pairs on a <paramref name="gridSize"/>² grid and traces the contours.
    /// </summary>
    public DensityContours(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color color,
        IReadOnlyList<double>? probabilities = null, BandwidthRule rule = BandwidthRule.Scott, int gridSize = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 4);
        Kde = new KernelDensity2D(xs, ys, rule);
        double[] p = [.. (probabilities ?? DefaultProbabilities).Where(v => v > 0 && v < 1).OrderDescending()];
        Probabilities = p;
        Color = color;
        if (Kde.Count < 2)
        {
            // A density needs spread; a single point is drawn as a marker instead, no points draw nothing.
            Grid = null;
            Thresholds = [];
            Levels = [];
            _singlePoint = Kde.Count == 1 ? FirstFinite(xs, ys) : null;
            return;
        }

        Grid = Kde.EvaluateGrid(gridSize, gridSize);
        Thresholds = DensityLevels.HighestDensityThresholds(Grid, p);
        Levels = Thresholds.Select(t => (IReadOnlyList<Contour>)MarchingSquares.Contours(Grid, t)).ToArray();
    }

    /// <summary>The kernel density estimator (bandwidths, sample size).</summary>
    public KernelDensity2D Kde { get; }

    /// <summary>The evaluated density grid, or null when there are fewer than two finite points.</summary>
    public Grid2D? Grid { get; }

    /// <summary>Probability mass enclosed by each level, largest (outermost) first.</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>Density threshold of each level, matching <see cref="Probabilities"/>.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Contours of each level, matching <see cref="Probabilities"/>.</summary>
    public IReadOnlyList<IReadOnlyList<Contour>> Levels { get; }

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Series colour for fills and lines.</summary>
    public Color Color { get; set; }

    /// <summary>Opacity added by each nested region (0 hides the fill).</summary>
    public double FillOpacity { get; set; } = 0.14;

    /// <summary>Contour line width in pixels (0 hides the lines).</summary>
    public double LineWidth { get; set; } = 1.2;

    /// <inheritdoc/>
    public AxisLimits GetLimits()
    {
        var acc = new AxisLimits.Accumulator();
        foreach (IReadOnlyList<Contour> level in Levels)
        {
            foreach (Contour c in level)
            {
                foreach (Coordinates p in c.Points)
                {
                    acc.Add(p.X, p.Y);
                }
            }
        }

        if (_singlePoint is { } sp)
        {
            acc.Add(sp.X, sp.Y);
        }

        return acc.ToLimits();
    }

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (!string.IsNullOrEmpty(LegendText))
        {
            yield return new LegendItem(LegendText) { FillColor = Color.WithAlpha(Math.Min(1, FillOpacity * 2.5)), FillOutline = Color };
        }
    }

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SvgWriter svg = context.Svg;
        if (Grid is null)
        {
            if (_singlePoint is { } sp)
            {
                MarkerRenderer.Draw(context, [sp.X], [sp.Y], new MarkerStyle { Color = Color, Size = 6 });
            }

            return;
        }

        // Outermost level first; nested fills accumulate opacity towards the mode.
        foreach (IReadOnlyList<Contour> level in Levels)
        {
            if (FillOpacity > 0)
            {
                svg.BeginPath();
                WriteContours(context, level);
                svg.EndPath(SvgPaint.FillOnly(Color.WithAlpha(FillOpacity)) with { EvenOdd = true });
            }
        }

        if (LineWidth > 0)
        {
            svg.BeginPath();
            foreach (IReadOnlyList<Contour> level in Levels)
            {
                WriteContours(context, level);
            }

            svg.EndPath(SvgPaint.StrokeOnly(Color, LineWidth) with { Round = true });
        }
    }

    private static void WriteContours(RenderContext context, IReadOnlyList<Contour> contours)
    {
        SvgWriter svg = context.Svg;
        foreach (Contour c in contours)
        {
            Coordinates[] pts = c.Points;
            if (pts.Length < 2)
            {
                continue;
            }

            svg.MoveTo(context.XToPixel(pts[0].X), context.YToPixel(pts[0].Y));
            for (int i = 1; i < pts.Length; i++)
            {
                svg.LineTo(context.XToPixel(pts[i].X), context.YToPixel(pts[i].Y));
            }

            if (c.IsClosed)
            {
                svg.ClosePath();
            }
        }
    }

    private static Coordinates? FirstFinite(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        int n = Math.Min(xs.Count, ys.Count);
        for (int i = 0; i < n; i++)
        {
            var c = new Coordinates(xs[i], ys[i]);
            if (c.IsFinite)
            {
                return c;
            }
        }

        return null;
    }
}
