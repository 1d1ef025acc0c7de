using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Facebench.Contracts;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Facebench.Plotting;

/// <summary>
/// Draws a plot (or a row of plots) as a report figure: SVG through Skia's SVG canvas and PNG through a raster surface
/// at <see cref="PngScale"/>× for slides and high-density screens. Nothing in the output depends on the time, the
/// machine's fonts or the process, so the same plot gives the same bytes.
/// </summary>
public static partial class FigureRenderer
{
    /// <summary>PNG pixels per SVG pixel.</summary>
    public const int PngScale = 2;

    /// <summary>Category tick labels are turned by this many degrees when they would not fit side by side.</summary>
    public const float TurnedTickLabelDegrees = 40;

    /// <summary>Draws <paramref name="plot"/> at <paramref name="size"/>.</summary>
    public static FigureImage Render(Plot plot, FigureSize size)
    {
        ArgumentNullException.ThrowIfNull(plot);
        FigureFont.EnsureLoaded();
        FitCategoryTickLabels(plot, size);
        return Render((canvas, rect) => plot.Render(canvas, rect), size);
    }

    /// <summary>Draws several plots side by side (each in the house style), sharing the figure's width equally.</summary>
    public static FigureImage RenderRow(IReadOnlyList<Plot> panels, FigureSize size)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A row of panels needs at least one plot.", nameof(panels));
        }

        FigureFont.EnsureLoaded();
        float panelWidth = (float)size.Width / panels.Count;
        foreach (Plot panel in panels)
        {
            FitCategoryTickLabels(panel, new FigureSize((int)panelWidth, size.Height));
        }

        return Render(
            (canvas, rect) =>
            {
                for (int i = 0; i < panels.Count; i++)
                {
                    panels[i].Render(canvas, new PixelRect(rect.Left + (i * panelWidth), rect.Left + ((i + 1) * panelWidth), rect.Bottom, rect.Top));
                }
            },
            size);
    }

    private static FigureImage Render(Action<SKCanvas, PixelRect> draw, FigureSize size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size.Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size.Height);
        var rect = new PixelRect(0, size.Width, size.Height, 0);

        // The raster pass comes first: ScottPlot lays out axes on its first render, and the SVG should match the PNG.
        byte[] png;
        var info = new SKImageInfo(size.Width * PngScale, size.Height * PngScale, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (SKSurface surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia could not create a {info.Width}×{info.Height} surface."))
        {
            surface.Canvas.Clear(SKColors.White);
            surface.Canvas.Scale(PngScale);
            draw(surface.Canvas, rect);
            surface.Canvas.Flush();
            using SKImage image = surface.Snapshot();
            using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
            png = data.ToArray();
        }

        string svg;
        using (var stream = new MemoryStream())
        {
            using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, size.Width, size.Height), stream))
            {
                draw(canvas, rect);
            }

            svg = Encoding.UTF8.GetString(stream.ToArray());
        }

        return FigureImage.Create(WithViewBox(NumberIds(svg), size), png, size.Width, size.Height);
    }

    /// <summary>
    /// Skia numbers clip paths and images with counters shared by the whole process, so the same figure would get other
    /// ids after other figures were drawn: renumber them in order of appearance (c0, c1, …), with every reference to
    /// them (url(#…), href="#…"), so the bytes depend on the figure only.
    /// </summary>
    private static string NumberIds(string svg)
    {
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in SvgId().Matches(svg))
        {
            numbers.TryAdd(m.Groups[1].Value, string.Create(CultureInfo.InvariantCulture, $"c{numbers.Count}"));
        }

        if (numbers.Count == 0)
        {
            return svg;
        }

        svg = SvgId().Replace(svg, m => $"id=\"{numbers[m.Groups[1].Value]}\"");
        svg = SvgHref().Replace(svg, m => numbers.TryGetValue(m.Groups[2].Value, out string? n) ? $"{m.Groups[1].Value}=\"#{n}\"" : m.Value);
        return SvgUrl().Replace(svg, m => numbers.TryGetValue(m.Groups[1].Value, out string? n) ? $"url(#{n})" : m.Value);
    }

    /// <summary>
    /// Skia writes only width and height; a viewBox lets the figure scale down with the page (CSS max-width) instead of
    /// being cropped.
    /// </summary>
    private static string WithViewBox(string svg, FigureSize size)
    {
        Match root = SvgRoot().Match(svg);
        if (!root.Success || root.Value.Contains("viewBox", StringComparison.Ordinal))
        {
            return svg;
        }

        string viewBox = string.Create(CultureInfo.InvariantCulture, $" viewBox=\"0 0 {size.Width} {size.Height}\"");
        return svg.Insert(root.Index + root.Length - 1, viewBox);
    }

    /// <summary>
    /// Named categories along the bottom axis (bars per group or model) are drawn level while they fit, and turned
    /// when the widest label is wider than the space between two ticks; ScottPlot measures labels unturned, so the axis
    /// is then given the height the turned labels need.
    /// </summary>
    private static void FitCategoryTickLabels(Plot plot, FigureSize size)
    {
        IXAxis axis = plot.Axes.Bottom;
        if (axis.TickGenerator is not NumericManual manual)
        {
            return;
        }

        // The generator lists its ticks only once asked for a range (at render time): ask it for all of them.
        using (Paint paint = Paint.NewDisposablePaint())
        {
            manual.Regenerate(new CoordinateRange(double.MinValue, double.MaxValue), Edge.Bottom, new PixelLength(size.Width), paint, axis.TickLabelStyle);
        }

        Tick[] ticks = [.. manual.Ticks.Where(t => t.IsMajor && t.Label.Length > 0).OrderBy(t => t.Position)];
        if (ticks.Length < 2)
        {
            return;
        }

        using var font = new SKFont(FigureFont.Regular, axis.TickLabelStyle.FontSize);
        float widest = ticks.Max(t => font.MeasureText(t.Label));
        double step = ticks.Zip(ticks.Skip(1)).Min(p => p.Second.Position - p.First.Position);
        double span = axis.Range.HasBeenSet ? axis.Range.Span : (ticks[^1].Position - ticks[0].Position + step) * 1.2; // ScottPlot's autoscale margins
        double spacing = step / span * (size.Width - 110); // ~110 px go to the y axis and the margins
        if (widest + 8 <= spacing)
        {
            return;
        }

        axis.TickLabelStyle.Rotation = TurnedTickLabelDegrees;
        axis.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        double radians = TurnedTickLabelDegrees * Math.PI / 180;
        float turnedHeight = (float)((widest * Math.Sin(radians)) + (font.Size * Math.Cos(radians)));
        float labelHeight = string.IsNullOrEmpty(axis.Label.Text) ? 10 : (axis.Label.FontSize * 1.3f) + 10;
        axis.MinimumSize = Math.Min(turnedHeight + labelHeight + 10, size.Height * 0.45f);
    }

    [GeneratedRegex("<svg\\b[^>]*>")]
    private static partial Regex SvgRoot();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex SvgId();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex SvgUrl();

    [GeneratedRegex("((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex SvgHref();
}
