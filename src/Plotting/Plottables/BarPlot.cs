using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Plottables;

/// <summary>Vertical bars from zero to each value, at given X positions, with optional symmetric error bars.</summary>
public sealed class BarPlot : IPlottable
{
    private readonly double[] _positions;
    private readonly double[] _values;
    private readonly double[]? _errors;

    /// <summary>
    /// Creates bars; <paramref name="errors"/> (optional) gives the half-length of each error bar. Bars whose position
    /// or value is not finite are skipped; a non-finite or negative error hides that error bar.
    /// </summary>
    public BarPlot(IReadOnlyList<double> positions, IReadOnlyList<double> values, IReadOnlyList<double>? errors, Color color)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(values);
        if (positions.Count != values.Count || (errors is not null && errors.Count != values.Count))
        {
            throw new ArgumentException("Positions, values and errors must have the same length.");
        }

        _positions = [.. positions];
        _values = [.. values];
        _errors = errors is null ? null : [.. errors];
        Color = color;
    }

    /// <summary>Bar centres along X.</summary>
    public IReadOnlyList<double> Positions => _positions;

    /// <summary>Bar heights.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Error-bar half-lengths, or null.</summary>
    public IReadOnlyList<double>? Errors => _errors;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Bar fill colour.</summary>
    public Color Color { get; set; }

    /// <summary>Bar width in data units.</summary>
    public double BarWidth { get; set; } = 0.8;

    /// <summary>Error bar colour.</summary>
    public Color ErrorColor { get; set; } = new(0x33, 0x33, 0x33);

    /// <summary>Error bar line width in pixels.</summary>
    public double ErrorLineWidth { get; set; } = 1.2;

    /// <summary>Error bar cap width as a fraction of <see cref="BarWidth"/>.</summary>
    public double ErrorCapFraction { get; set; } = 0.4;

    /// <inheritdoc/>
    public Edges TightEdges
    {
        get
        {
            AxisLimits l = GetLimits();
            return (l.Bottom >= 0 ? Edges.Bottom : Edges.None) | (l.Top <= 0 ? Edges.Top : Edges.None);
        }
    }

    /// <inheritdoc/>
    public AxisLimits GetLimits()
    {
        var acc = new AxisLimits.Accumulator();
        double half = BarWidth / 2;
        for (int i = 0; i < _values.Length; i++)
        {
            double x = _positions[i];
            double v = _values[i];
            if (!double.IsFinite(x) || !double.IsFinite(v))
            {
                continue;
            }

            double e = ErrorAt(i);
            acc.Add(x - half, 0);
            acc.Add(x + half, v - e);
            acc.Add(x + half, v + e);
        }

        return acc.ToLimits();
    }

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (!string.IsNullOrEmpty(LegendText))
        {
            yield return new LegendItem(LegendText) { FillColor = Color };
        }
    }

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SvgWriter svg = context.Svg;
        double half = BarWidth / 2;
        double y0 = context.YToPixel(0);

        svg.BeginPath();
        for (int i = 0; i < _values.Length; i++)
        {
            double x = _positions[i];
            double v = _values[i];
            if (double.IsFinite(x) && double.IsFinite(v))
            {
                double xa = context.XToPixel(x - half);
                double xb = context.XToPixel(x + half);
                double yv = context.YToPixel(v);
                svg.RectSubpath(xa, Math.Min(y0, yv), xb - xa, Math.Abs(yv - y0));
            }
        }

        svg.EndPath(SvgPaint.FillOnly(Color));

        if (_errors is null)
        {
            return;
        }

        double cap = half * ErrorCapFraction;
        svg.BeginPath();
        for (int i = 0; i < _values.Length; i++)
        {
            double x = _positions[i];
            double v = _values[i];
            double e = ErrorAt(i);
            if (!double.IsFinite(x) || !double.IsFinite(v) || e <= 0)
            {
                continue;
            }

            double px = context.XToPixel(x);
            double lo = context.YToPixel(v - e);
            double hi = context.YToPixel(v + e);
            double ca = context.XToPixel(x - cap);
            double cb = context.XToPixel(x + cap);
            svg.MoveTo(px, lo);
            svg.LineTo(px, hi);
            svg.MoveTo(ca, lo);
            svg.LineTo(cb, lo);
            svg.MoveTo(ca, hi);
            svg.LineTo(cb, hi);
        }

        svg.EndPath(SvgPaint.StrokeOnly(ErrorColor, ErrorLineWidth));
    }

    private double ErrorAt(int i)
    {
        if (_errors is null)
        {
            return 0;
        }

        double e = _errors[i];
        return double.IsFinite(e) && e > 0 ? e : 0;
    }
}
