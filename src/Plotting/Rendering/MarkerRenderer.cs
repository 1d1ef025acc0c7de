namespace Facebench.Plotting.Rendering;

/// <summary>Draws many markers of one style as a single SVG path, keeping files small for large point sets.</summary>
public static class MarkerRenderer
{
    /// <summary>Draws a marker at every finite (x, y) pair; non-finite pairs are skipped.</summary>
    public static void Draw(RenderContext ctx, IReadOnlyList<double> xs, IReadOnlyList<double> ys, MarkerStyle style)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(style);
        if (!style.IsVisible)
        {
            return;
        }

        SvgWriter svg = ctx.Svg;
        int n = Math.Min(xs.Count, ys.Count);
        svg.BeginPath();
        for (int i = 0; i < n; i++)
        {
            double x = xs[i];
            double y = ys[i];
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                Subpath(svg, style.Shape, ctx.XToPixel(x), ctx.YToPixel(y), style.Size);
            }
        }

        svg.EndPath(PaintFor(style.Shape, style.Color, style.LineWidth));
    }

    /// <summary>Draws a single marker at a pixel position (used by legends).</summary>
    public static void DrawOne(SvgWriter svg, MarkerShape shape, double px, double py, double size, Color color, double lineWidth = 1.2)
    {
        ArgumentNullException.ThrowIfNull(svg);
        if (shape == MarkerShape.None || size <= 0)
        {
            return;
        }

        svg.BeginPath();
        Subpath(svg, shape, px, py, size);
        svg.EndPath(PaintFor(shape, color, lineWidth));
    }

    private static SvgPaint PaintFor(MarkerShape shape, Color color, double lineWidth) => shape switch
    {
        MarkerShape.OpenCircle or MarkerShape.Cross or MarkerShape.Plus => SvgPaint.StrokeOnly(color, lineWidth),
        _ => SvgPaint.FillOnly(color),
    };

    private static void Subpath(SvgWriter svg, MarkerShape shape, double x, double y, double size)
    {
        double r = size / 2;
        switch (shape)
        {
            case MarkerShape.FilledCircle:
            case MarkerShape.OpenCircle:
                svg.CircleSubpath(x, y, r);
                break;
            case MarkerShape.FilledSquare:
                svg.RectSubpath(x - r, y - r, size, size);
                break;
            case MarkerShape.FilledDiamond:
                double d = r * 1.3;
                svg.MoveTo(x, y - d);
                svg.LineTo(x + d, y);
                svg.LineTo(x, y + d);
                svg.LineTo(x - d, y);
                svg.ClosePath();
                break;
            case MarkerShape.Cross:
                svg.MoveTo(x - r, y - r);
                svg.LineTo(x + r, y + r);
                svg.MoveTo(x - r, y + r);
                svg.LineTo(x + r, y - r);
                break;
            case MarkerShape.Plus:
                svg.MoveTo(x - r, y);
                svg.LineTo(x + r, y);
                svg.MoveTo(x, y - r);
                svg.LineTo(x, y + r);
                break;
        }
    }
}
