using Facebench.Plotting.Rendering;
using Facebench.Plotting.Statistics;

namespace Facebench.Plotting.Plottables;

/// <summary>
/// Tukey box plots, one per category at X = index + <see cref="Offset"/>: box from Q1 to Q3, median line,
/// whiskers to the furthest points within 1.5 × IQR, and outliers as open circles.
/// </summary>
public sealed class BoxPlot : IPlottable
{
    /// <summary>Summarises each category's finite values with <see cref="BoxStatistics.Compute"/>.</summary>
    public BoxPlot(IEnumerable<IEnumerable<double>> samples, Color color)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Boxes = samples.Select(BoxStatistics.Compute).ToArray();
        Color = color;
    }

    /// <summary>Per-category statistics, in category order.</summary>
    public IReadOnlyList<BoxStatistics> Boxes { get; }

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Series colour: box fill (translucent), outline, whiskers and outliers derive from it.</summary>
    public Color Color { get; set; }

    /// <summary>Box width in data units (categories are 1 apart).</summary>
    public double BoxWidth { get; set; } = 0.5;

    /// <summary>Shift of every box along X, to place several box series side by side.</summary>
    public double Offset { get; set; }

    /// <summary>Opacity of the box fill.</summary>
    public double FillOpacity { get; set; } = 0.35;

    /// <summary>Outlier marker diameter in pixels.</summary>
    public double OutlierSize { get; set; } = 5;

    /// <inheritdoc/>
    public AxisLimits GetLimits()
    {
        var acc = new AxisLimits.Accumulator();
        for (int i = 0; i < Boxes.Count; i++)
        {
            BoxStatistics b = Boxes[i];
            if (b.Count == 0)
            {
                continue;
            }

            double x = i + Offset;
            acc.Add(x - (BoxWidth / 2), b.WhiskerLow);
            acc.Add(x + (BoxWidth / 2), b.WhiskerHigh);
            foreach (double o in b.Outliers)
            {
                acc.Add(x, o);
            }
        }

        return acc.ToLimits();
    }

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (!string.IsNullOrEmpty(LegendText))
        {
            yield return new LegendItem(LegendText) { FillColor = Color.WithAlpha(FillOpacity), FillOutline = StrokeColor };
        }
    }

    private Color StrokeColor => Color.Darken(0.25);

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SvgWriter svg = context.Svg;
        double half = BoxWidth / 2;
        double cap = half / 2;

        // Boxes (fill + outline) as one path.
        svg.BeginPath();
        ForEachBox((x, b) =>
        {
            double xa = context.XToPixel(x - half);
            double xb = context.XToPixel(x + half);
            double y1 = context.YToPixel(b.Q1);
            double y3 = context.YToPixel(b.Q3);
            svg.RectSubpath(xa, Math.Min(y1, y3), xb - xa, Math.Max(Math.Abs(y3 - y1), 0.5));
        });
        svg.EndPath(new SvgPaint(Color.WithAlpha(FillOpacity), StrokeColor, 1.2));

        // Whiskers with caps.
        svg.BeginPath();
        ForEachBox((x, b) =>
        {
            double px = context.XToPixel(x);
            double ca = context.XToPixel(x - cap);
            double cb = context.XToPixel(x + cap);
            foreach ((double end, double boxEdge) in new[] { (b.WhiskerLow, b.Q1), (b.WhiskerHigh, b.Q3) })
            {
                double ye = context.YToPixel(end);
                svg.MoveTo(px, context.YToPixel(boxEdge));
                svg.LineTo(px, ye);
                svg.MoveTo(ca, ye);
                svg.LineTo(cb, ye);
            }
        });
        svg.EndPath(SvgPaint.StrokeOnly(StrokeColor, 1.2));

        // Medians, drawn thicker.
        svg.BeginPath();
        ForEachBox((x, b) =>
        {
            double ym = context.YToPixel(b.Median);
            svg.MoveTo(context.XToPixel(x - half), ym);
            svg.LineTo(context.XToPixel(x + half), ym);
        });
        svg.EndPath(SvgPaint.StrokeOnly(StrokeColor, 2.5));

        // Outliers.
        var ox = new List<double>();
        var oy = new List<double>();
        ForEachBox((x, b) =>
        {
            foreach (double o in b.Outliers)
            {
                ox.Add(x);
                oy.Add(o);
            }
        });
        MarkerRenderer.Draw(context, ox, oy, new MarkerStyle { Shape = MarkerShape.OpenCircle, Color = StrokeColor, Size = OutlierSize });
    }

    private void ForEachBox(Action<double, BoxStatistics> action)
    {
        for (int i = 0; i < Boxes.Count; i++)
        {
            if (Boxes[i].Count > 0)
            {
                action(i + Offset, Boxes[i]);
            }
        }
    }
}
