namespace Facebench.Plotting.Rendering;

/// <summary>Result of <see cref="Layout.Compute"/>: where the data area goes and which ticks to draw.</summary>
internal sealed record LayoutResult(
    PixelRect DataArea,
    AxisLimits Limits,
    IReadOnlyList<Tick> XTicks,
    IReadOnlyList<Tick> YTicks,
    bool RotateXTickLabels);

/// <summary>
/// Computes figure margins so that tick labels, axis labels and the title fit, choosing tick density from the
/// space available. Margins and ticks depend on each other, so the computation is iterated a few times.
/// </summary>
internal static class Layout
{
    public const double OuterPad = 10;
    public const double TickLength = 4;
    public const double TickGap = 4;
    public const double MinTickSpacingPx = 14;
    private const double Sin45 = 0.7071;

    public static LayoutResult Compute(double width, double height, AxisLimits limits, Axes axes, PlotStyle style,
        bool hasTitle, bool hasXLabel, bool hasYLabel)
    {
        var area = new PixelRect(70, 40, width - 20, height - 50);
        LayoutResult result = null!;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            area = EnsureMinimumSize(area, width, height);
            AxisLimits lim = axes.HasSquareUnits ? Axes.MakeSquare(limits, area.Width, area.Height) : limits;
            (IReadOnlyList<Tick> xTicks, bool rotate) = XTicks(lim, area.Width, axes, style.TickFontSize);
            IReadOnlyList<Tick> yTicks = YTicks(lim, area.Height, axes, style.TickFontSize);
            result = new LayoutResult(area, lim, xTicks, yTicks, rotate);

            double fs = style.TickFontSize;
            double maxY = MaxWidth(yTicks, fs);
            double left = OuterPad + (hasYLabel ? style.AxisLabelFontSize + 10 : 0) + maxY + TickLength + TickGap;
            double top = hasTitle ? OuterPad + (style.TitleFontSize * 1.25) + 6 : OuterPad + (fs * 0.5);
            double xTickHeight = rotate ? ((MaxWidth(xTicks, fs) + fs) * Sin45) : fs * 1.05;
            double bottom = TickLength + TickGap + xTickHeight + (hasXLabel ? 8 + (style.AxisLabelFontSize * 1.1) : 0) + OuterPad;
            double right = OuterPad + 6;

            if (xTicks.Count > 0)
            {
                double scale = area.Width / lim.Width;
                Tick first = xTicks[0];
                Tick last = xTicks[^1];
                double firstOffset = (first.Position - lim.Left) * scale;
                double lastOffset = (lim.Right - last.Position) * scale;
                if (rotate)
                {
                    // Rotated labels hang down-left from their tick.
                    left = Math.Max(left, OuterPad + ((TextMeasurer.Width(first.Label, fs) + fs) * Sin45) - firstOffset);
                }
                else
                {
                    left = Math.Max(left, OuterPad + (TextMeasurer.Width(first.Label, fs) / 2) - firstOffset);
                    right = Math.Max(right, OuterPad + (TextMeasurer.Width(last.Label, fs) / 2) - lastOffset);
                }
            }

            area = new PixelRect(left, top, width - right, height - bottom);
        }

        area = EnsureMinimumSize(area, width, height);
        return result with { DataArea = area, Limits = axes.HasSquareUnits ? Axes.MakeSquare(limits, area.Width, area.Height) : limits };
    }

    private static PixelRect EnsureMinimumSize(PixelRect area, double width, double height)
    {
        // Tiny figures keep at least a small data area; text may then overflow but nothing breaks.
        double minW = Math.Min(20, width / 2);
        double minH = Math.Min(20, height / 2);
        double left = Math.Min(area.Left, Math.Max(0, width - minW));
        double top = Math.Min(area.Top, Math.Max(0, height - minH));
        return new PixelRect(left, top, Math.Max(area.Right, left + minW), Math.Max(area.Bottom, top + minH));
    }

    private static (IReadOnlyList<Tick> Ticks, bool Rotate) XTicks(AxisLimits lim, double widthPx, Axes axes, double fs)
    {
        if (axes.ManualXTicks is { } manual)
        {
            List<Tick> visible = Visible(manual, lim.Left, lim.Right);
            double scale = widthPx / lim.Width;
            bool rotate = false;
            for (int i = 1; i < visible.Count && !rotate; i++)
            {
                double spacing = (visible[i].Position - visible[i - 1].Position) * scale;
                double needed = ((TextMeasurer.Width(visible[i].Label, fs) + TextMeasurer.Width(visible[i - 1].Label, fs)) / 2) + 6;
                rotate = Math.Abs(spacing) < needed;
            }

            return (visible, rotate);
        }

        // Fewest-overlap search: the densest nice tick set whose labels fit side by side.
        IReadOnlyList<Tick> ticks = [];
        for (int n = TickGenerator.MaxTickCount; n >= 2; n--)
        {
            ticks = TickGenerator.Generate(lim.Left, lim.Right, n);
            if (ticks.Count * (MaxWidth(ticks, fs) + MinTickSpacingPx) <= widthPx)
            {
                break;
            }
        }

        return (ticks, false);
    }

    private static IReadOnlyList<Tick> YTicks(AxisLimits lim, double heightPx, Axes axes, double fs)
    {
        if (axes.ManualYTicks is { } manual)
        {
            return Visible(manual, lim.Bottom, lim.Top);
        }

        int n = (int)Math.Clamp(Math.Floor(heightPx / (fs * 2.6)), 2, TickGenerator.MaxTickCount);
        return TickGenerator.Generate(lim.Bottom, lim.Top, n);
    }

    private static List<Tick> Visible(IReadOnlyList<Tick> ticks, double min, double max)
    {
        double tol = (max - min) * 1e-9;
        var visible = new List<Tick>(ticks.Count);
        foreach (Tick t in ticks)
        {
            if (double.IsFinite(t.Position) && t.Position >= min - tol && t.Position <= max + tol)
            {
                visible.Add(t);
            }
        }

        return visible;
    }

    private static double MaxWidth(IReadOnlyList<Tick> ticks, double fs)
    {
        double w = 0;
        foreach (Tick t in ticks)
        {
            w = Math.Max(w, TextMeasurer.Width(t.Label, fs));
        }

        return w;
    }
}
