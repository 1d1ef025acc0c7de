using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Plottables;

/// <summary>Independent straight segments (e.g. a mesh wireframe) drawn as one path; non-finite segments are skipped.</summary>
public sealed class Segments : IPlottable
{
    private readonly CoordinateLine[] _lines;

    /// <summary>Creates the plottable over a copy of the segments.</summary>
    public Segments(IEnumerable<CoordinateLine> lines, Color color)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _lines = [.. lines];
        LineStyle.Color = color;
        LineStyle.Width = 1;
    }

    /// <summary>The segments.</summary>
    public IReadOnlyList<CoordinateLine> Lines => _lines;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Stroke style.</summary>
    public LineStyle LineStyle { get; } = new();

    /// <summary>Stroke colour.</summary>
    public Color Color { get => LineStyle.Color; set => LineStyle.Color = value; }

    /// <summary>Stroke width in pixels.</summary>
    public double LineWidth { get => LineStyle.Width; set => LineStyle.Width = value; }

    /// <inheritdoc/>
    public AxisLimits GetLimits()
    {
        var acc = new AxisLimits.Accumulator();
        foreach (CoordinateLine l in _lines)
        {
            if (l.IsFinite)
            {
                acc.Add(l.Start.X, l.Start.Y);
                acc.Add(l.End.X, l.End.Y);
            }
        }

        return acc.ToLimits();
    }

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (!string.IsNullOrEmpty(LegendText))
        {
            yield return new LegendItem(LegendText) { LineColor = LineStyle.Color, LineWidth = LineStyle.Width, LinePattern = LineStyle.Pattern };
        }
    }

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!LineStyle.IsVisible)
        {
            return;
        }

        SvgWriter svg = context.Svg;
        svg.BeginPath();
        foreach (CoordinateLine l in _lines)
        {
            if (l.IsFinite)
            {
                svg.MoveTo(context.XToPixel(l.Start.X), context.YToPixel(l.Start.Y));
                svg.LineTo(context.XToPixel(l.End.X), context.YToPixel(l.End.Y));
            }
        }

        svg.EndPath(SvgPaint.StrokeOnly(LineStyle.Color, LineStyle.Width, LineStyle.Pattern) with { Round = true });
    }
}
