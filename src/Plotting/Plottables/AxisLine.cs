using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Plottables;

/// <summary>A horizontal or vertical line spanning the whole data area (reference values, thresholds).</summary>
public sealed class AxisLine : IPlottable
{
    /// <summary>Creates a line at <paramref name="position"/> (a Y value if horizontal, else an X value).</summary>
    public AxisLine(double position, bool isHorizontal, Color color)
    {
        Position = position;
        IsHorizontal = isHorizontal;
        LineStyle.Color = color;
        LineStyle.Pattern = LinePattern.Dashed;
    }

    /// <summary>Y of a horizontal line, X of a vertical one.</summary>
    public double Position { get; set; }

    /// <summary>True for a horizontal line.</summary>
    public bool IsHorizontal { get; }

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the line out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Stroke style (dashed by default).</summary>
    public LineStyle LineStyle { get; } = new();

    /// <summary>Stroke colour.</summary>
    public Color Color { get => LineStyle.Color; set => LineStyle.Color = value; }

    /// <summary>Stroke width in pixels.</summary>
    public double LineWidth { get => LineStyle.Width; set => LineStyle.Width = value; }

    /// <summary>Dash pattern.</summary>
    public LinePattern LinePattern { get => LineStyle.Pattern; set => LineStyle.Pattern = value; }

    /// <summary>Autoscaling keeps the line's position visible on its own axis only.</summary>
    public AxisLimits GetLimits()
    {
        if (!double.IsFinite(Position))
        {
            return AxisLimits.NoData;
        }

        return IsHorizontal
            ? new AxisLimits(double.NaN, double.NaN, Position, Position)
            : new AxisLimits(Position, Position, double.NaN, double.NaN);
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
        if (!double.IsFinite(Position) || !LineStyle.IsVisible)
        {
            return;
        }

        PixelRect a = context.DataArea;
        if (IsHorizontal)
        {
            double y = context.YToPixel(Position);
            context.Svg.Line(a.Left, y, a.Right, y, LineStyle.Color, LineStyle.Width, LineStyle.Pattern);
        }
        else
        {
            double x = context.XToPixel(Position);
            context.Svg.Line(x, a.Top, x, a.Bottom, LineStyle.Color, LineStyle.Width, LineStyle.Pattern);
        }
    }
}
