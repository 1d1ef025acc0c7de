using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Plottables;

/// <summary>A text annotation anchored at a point in data coordinates.</summary>
public sealed class TextLabel : IPlottable
{
    /// <summary>Creates a label at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public TextLabel(string text, double x, double y)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        X = x;
        Y = y;
    }

    /// <summary>The text (XML-escaped on output).</summary>
    public string Text { get; set; }

    /// <summary>Anchor X in data units.</summary>
    public double X { get; set; }

    /// <summary>Anchor Y in data units (the text baseline).</summary>
    public double Y { get; set; }

    /// <summary>Shift right from the anchor, in pixels.</summary>
    public double OffsetX { get; set; }

    /// <summary>Shift down from the anchor, in pixels.</summary>
    public double OffsetY { get; set; }

    /// <summary>Horizontal alignment relative to the anchor.</summary>
    public TextAnchor Anchor { get; set; } = TextAnchor.Start;

    /// <summary>Font size in pixels.</summary>
    public double FontSize { get; set; } = 12;

    /// <summary>Bold text.</summary>
    public bool Bold { get; set; }

    /// <summary>Text colour.</summary>
    public Color Color { get; set; } = Colors.DarkText;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <inheritdoc/>
    public AxisLimits GetLimits() => AxisLimits.FromXY([X], [Y]);

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems() => [];

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (double.IsFinite(X) && double.IsFinite(Y) && Text.Length > 0)
        {
            context.Svg.Text(Text, context.XToPixel(X) + OffsetX, context.YToPixel(Y) + OffsetY, FontSize, Color, Anchor, Bold);
        }
    }
}
