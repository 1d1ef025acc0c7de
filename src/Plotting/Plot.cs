using System.Globalization;
using System.Text;
using Facebench.Plotting.Rendering;

namespace Facebench.Plotting;

/// <summary>
/// A figure: plottables plus title, axis labels, axes and legend, rendered to a standalone SVG document.
/// The API mirrors ScottPlot 5 (<c>plot.Add.Scatter(...)</c>, <c>plot.Axes.SetLimits(...)</c>, ...).
/// </summary>
public sealed class Plot
{
    private readonly List<IPlottable> _plottables = [];

    /// <summary>Creates an empty plot.</summary>
    public Plot()
    {
        Add = new PlotAdder(this);
    }

    /// <summary>Factory methods that create plottables, add them to this plot and return them for styling.</summary>
    public PlotAdder Add { get; }

    /// <summary>Limits, orientation, aspect ratio and tick overrides.</summary>
    public Axes Axes { get; } = new();

    /// <summary>The legend (hidden until <see cref="ShowLegend"/>).</summary>
    public Legend Legend { get; } = new();

    /// <summary>Fonts and colours of titles, ticks, grid and background.</summary>
    public PlotStyle Style { get; } = new();

    /// <summary>Colours assigned to new plottables (default: colour-blind-safe Okabe–Ito).</summary>
    public Palette Palette { get; set; } = Palette.OkabeIto;

    /// <summary>The plottables in drawing order (first is drawn first, i.e. at the bottom).</summary>
    public IReadOnlyList<IPlottable> PlottableList => _plottables;

    /// <summary>Text above the data area, or null.</summary>
    public string? TitleText { get; private set; }

    /// <summary>Label under the X axis, or null.</summary>
    public string? XLabelText { get; private set; }

    /// <summary>Label left of the Y axis, or null.</summary>
    public string? YLabelText { get; private set; }

    /// <summary>Sets the title (null or empty removes it).</summary>
    public void Title(string? text) => TitleText = string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Sets the X axis label (null or empty removes it).</summary>
    public void XLabel(string? text) => XLabelText = string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Sets the Y axis label (null or empty removes it).</summary>
    public void YLabel(string? text) => YLabelText = string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Shows the legend in the given corner of the data area.</summary>
    public void ShowLegend(Alignment alignment = Alignment.UpperRight)
    {
        Legend.IsVisible = true;
        Legend.Alignment = alignment;
    }

    /// <summary>Hides the legend.</summary>
    public void HideLegend() => Legend.IsVisible = false;

    /// <summary>Removes one plottable.</summary>
    public bool Remove(IPlottable plottable) => _plottables.Remove(plottable);

    /// <summary>Removes all plottables (title, labels and axis settings are kept).</summary>
    public void Clear() => _plottables.Clear();

    internal void AddPlottable(IPlottable plottable) => _plottables.Add(plottable);

    /// <summary>Renders the figure as a standalone SVG document of <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or exceeds 20000 pixels.</exception>
    public string GetSvg(int width = 800, int height = 600)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 20000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 20000);

        AxisLimits limits = Axes.GetLimits(_plottables);
        LayoutResult layout = Layout.Compute(width, height, limits, Axes, Style,
            TitleText is not null, XLabelText is not null, YLabelText is not null);
        PixelRect area = layout.DataArea;

        var svg = new SvgWriter();
        svg.BeginDocument(width, height, Style.FontFamily);

        // The id only depends on the geometry, so two inlined plots sharing an id also share an identical clip.
        string clipId = string.Create(CultureInfo.InvariantCulture,
            $"fbclip-{width}x{height}-{Math.Round(area.Left)}-{Math.Round(area.Top)}-{Math.Round(area.Right)}-{Math.Round(area.Bottom)}");
        svg.ClipRect(clipId, area.Left, area.Top, area.Width, area.Height);
        svg.Rect(0, 0, width, height, SvgPaint.FillOnly(Style.FigureBackground));
        svg.Rect(area.Left, area.Top, area.Width, area.Height, SvgPaint.FillOnly(Style.DataBackground));

        var ctx = new RenderContext(svg, area, layout.Limits, Axes.IsYInverted);
        DrawGrid(ctx, layout);

        svg.BeginGroup("data", clipId);
        foreach (IPlottable p in _plottables)
        {
            if (p.IsVisible)
            {
                p.Render(ctx);
            }
        }

        svg.EndGroup();

        DrawFrameAndTicks(ctx, layout);
        DrawLabels(svg, area, width, height);
        Legend.Render(ctx, CollectLegendItems(), Style.TextColor);
        svg.EndDocument();
        return svg.ToString();
    }

    /// <summary>Renders the figure and writes it as UTF-8 (no byte-order mark) to <paramref name="path"/>.</summary>
    public void SaveSvg(string path, int width = 800, int height = 600)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, GetSvg(width, height), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private List<LegendItem> CollectLegendItems()
    {
        var items = new List<LegendItem>();
        foreach (IPlottable p in _plottables)
        {
            if (p.IsVisible)
            {
                items.AddRange(p.GetLegendItems());
            }
        }

        return items;
    }

    private void DrawGrid(RenderContext ctx, LayoutResult layout)
    {
        if (Style.GridColor.A == 0)
        {
            return;
        }

        PixelRect a = ctx.DataArea;
        SvgWriter svg = ctx.Svg;
        svg.BeginGroup("grid");
        svg.BeginPath();
        foreach (Tick t in layout.XTicks)
        {
            double x = ctx.XToPixel(t.Position);
            svg.MoveTo(x, a.Top);
            svg.LineTo(x, a.Bottom);
        }

        foreach (Tick t in layout.YTicks)
        {
            double y = ctx.YToPixel(t.Position);
            svg.MoveTo(a.Left, y);
            svg.LineTo(a.Right, y);
        }

        svg.EndPath(SvgPaint.StrokeOnly(Style.GridColor, 1));
        svg.EndGroup();
    }

    private void DrawFrameAndTicks(RenderContext ctx, LayoutResult layout)
    {
        PixelRect a = ctx.DataArea;
        SvgWriter svg = ctx.Svg;
        double fs = Style.TickFontSize;
        svg.BeginGroup("axes");
        svg.Rect(a.Left, a.Top, a.Width, a.Height, SvgPaint.StrokeOnly(Style.FrameColor, 1));

        svg.BeginPath();
        foreach (Tick t in layout.XTicks)
        {
            double x = ctx.XToPixel(t.Position);
            svg.MoveTo(x, a.Bottom);
            svg.LineTo(x, a.Bottom + Layout.TickLength);
        }

        foreach (Tick t in layout.YTicks)
        {
            double y = ctx.YToPixel(t.Position);
            svg.MoveTo(a.Left, y);
            svg.LineTo(a.Left - Layout.TickLength, y);
        }

        svg.EndPath(SvgPaint.StrokeOnly(Style.FrameColor, 1));

        foreach (Tick t in layout.XTicks)
        {
            double x = ctx.XToPixel(t.Position);
            double top = a.Bottom + Layout.TickLength + Layout.TickGap;
            if (layout.RotateXTickLabels)
            {
                svg.Text(t.Label, x + (fs * 0.3), top + (fs * 0.45), fs, Style.TextColor, TextAnchor.End, rotation: -45);
            }
            else
            {
                svg.Text(t.Label, x, top + (fs * TextMeasurer.CapHeight), fs, Style.TextColor, TextAnchor.Middle);
            }
        }

        foreach (Tick t in layout.YTicks)
        {
            double y = ctx.YToPixel(t.Position);
            svg.Text(t.Label, a.Left - Layout.TickLength - Layout.TickGap, y + (fs * 0.35), fs, Style.TextColor, TextAnchor.End);
        }

        svg.EndGroup();
    }

    private void DrawLabels(SvgWriter svg, PixelRect area, int width, int height)
    {
        double cx = (area.Left + area.Right) / 2;
        if (TitleText is not null)
        {
            // Shrink a title that would not fit, and centre it on the figure if it is wider than the data area.
            double fs = Style.TitleFontSize;
            double available = width - (2 * Layout.OuterPad);
            double w = TextMeasurer.Width(TitleText, fs, bold: true);
            if (w > available)
            {
                fs *= available / w;
                w = available;
            }

            double x = Math.Clamp(cx, Layout.OuterPad + (w / 2), width - Layout.OuterPad - (w / 2));
            svg.Text(TitleText, x, Layout.OuterPad + (Style.TitleFontSize * 0.95), fs, Style.TextColor, TextAnchor.Middle, bold: true);
        }

        double lfs = Style.AxisLabelFontSize;
        if (XLabelText is not null)
        {
            svg.Text(XLabelText, cx, height - Layout.OuterPad - (lfs * TextMeasurer.Descent), lfs, Style.TextColor, TextAnchor.Middle);
        }

        if (YLabelText is not null)
        {
            double cy = (area.Top + area.Bottom) / 2;
            svg.Text(YLabelText, Layout.OuterPad + (lfs * 0.8), cy, lfs, Style.TextColor, TextAnchor.Middle, rotation: -90);
        }
    }
}
