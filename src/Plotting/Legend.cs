using Facebench.Plotting.Rendering;

namespace Facebench.Plotting;

/// <summary>The legend box: one row per labelled series, drawn inside a corner of the data area.</summary>
public sealed class Legend
{
    private const double Padding = 6;
    private const double SwatchWidth = 26;
    private const double SwatchGap = 6;
    private const double Inset = 8;

    internal Legend()
    {
    }

    /// <summary>Whether the legend is drawn (only when at least one plottable has legend text).</summary>
    public bool IsVisible { get; set; }

    /// <summary>Corner of the data area the legend sits in.</summary>
    public Alignment Alignment { get; set; } = Alignment.UpperRight;

    /// <summary>Label font size in pixels.</summary>
    public double FontSize { get; set; } = 12;

    /// <summary>Background of the box (slightly transparent so data under it stays visible).</summary>
    public Color Background { get; set; } = Colors.White.WithAlpha(0.9);

    /// <summary>Outline of the box.</summary>
    public Color Outline { get; set; } = new(0x99, 0x99, 0x99);

    /// <summary>Draws <paramref name="items"/> into the data area of <paramref name="ctx"/>.</summary>
    internal void Render(RenderContext ctx, IReadOnlyList<LegendItem> items, Color textColor)
    {
        if (!IsVisible || items.Count == 0)
        {
            return;
        }

        double rowHeight = FontSize * 1.5;
        double textWidth = 0;
        foreach (LegendItem item in items)
        {
            textWidth = Math.Max(textWidth, TextMeasurer.Width(item.Label, FontSize));
        }

        double width = Padding + SwatchWidth + SwatchGap + textWidth + Padding;
        double height = (Padding * 2) + (rowHeight * items.Count);
        PixelRect area = ctx.DataArea;
        bool right = Alignment is Alignment.UpperRight or Alignment.LowerRight;
        bool upper = Alignment is Alignment.UpperRight or Alignment.UpperLeft;
        double x = right ? area.Right - Inset - width : area.Left + Inset;
        double y = upper ? area.Top + Inset : area.Bottom - Inset - height;

        SvgWriter svg = ctx.Svg;
        svg.BeginGroup("legend");
        svg.Rect(x, y, width, height, new SvgPaint(Background, Outline, 1));
        for (int i = 0; i < items.Count; i++)
        {
            double cy = y + Padding + (rowHeight * (i + 0.5));
            DrawSwatch(svg, items[i], x + Padding, cy);
            svg.Text(items[i].Label, x + Padding + SwatchWidth + SwatchGap, cy + (FontSize * 0.35), FontSize, textColor);
        }

        svg.EndGroup();
    }

    private void DrawSwatch(SvgWriter svg, LegendItem item, double x, double cy)
    {
        if (item.FillColor is { } fill)
        {
            double h = FontSize * 0.85;
            svg.Rect(x + 3, cy - (h / 2), SwatchWidth - 6, h, new SvgPaint(fill, item.FillOutline, 1));
        }

        if (item.LineColor is { } line && item.LineWidth > 0)
        {
            svg.Line(x, cy, x + SwatchWidth, cy, line, Math.Min(item.LineWidth, 4), item.LinePattern);
        }

        MarkerRenderer.DrawOne(svg, item.Marker, x + (SwatchWidth / 2), cy, Math.Min(item.MarkerSize, FontSize), item.MarkerColor);
    }
}
