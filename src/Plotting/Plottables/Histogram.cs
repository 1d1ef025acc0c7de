using Facebench.Plotting.Rendering;
using Facebench.Plotting.Statistics;

namespace Facebench.Plotting.Plottables;

/// <summary>What the height of a histogram bar means.</summary>
public enum HistogramScale
{
    /// <summary>Number of values in the bin.</summary>
    Count,

    /// <summary>Fraction of values in the bin (heights sum to 1).</summary>
    Probability,

    /// <summary>Probability density (bar areas sum to 1), comparable across bin widths and sample sizes.</summary>
    Density,
}

/// <summary>A histogram drawn as semi-transparent bars with a solid outline, so several can overlap readably.</summary>
public sealed class Histogram : IPlottable
{
    /// <summary>Bins the finite values (see <see cref="HistogramBins.Compute"/> for the binning rules).</summary>
    public Histogram(IEnumerable<double> values, Color color, int? binCount = null, double? binWidth = null)
    {
        Bins = HistogramBins.Compute(values, binCount, binWidth);
        Color = color;
    }

    /// <summary>Bin edges and counts.</summary>
    public HistogramBins Bins { get; }

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Outline colour; the fill uses it at <see cref="FillOpacity"/>.</summary>
    public Color Color { get; set; }

    /// <summary>Opacity of the bar fill (0..1).</summary>
    public double FillOpacity { get; set; } = 0.45;

    /// <summary>Outline width in pixels.</summary>
    public double LineWidth { get; set; } = 1.5;

    /// <summary>Meaning of the bar heights.</summary>
    public HistogramScale Scale { get; set; } = HistogramScale.Count;

    /// <summary>Bar heights under the current <see cref="Scale"/>.</summary>
    public double[] GetHeights()
    {
        int[] counts = Bins.Counts;
        var heights = new double[counts.Length];
        int total = Bins.Total;
        for (int i = 0; i < counts.Length; i++)
        {
            double width = Bins.Edges[i + 1] - Bins.Edges[i];
            heights[i] = Scale switch
            {
                HistogramScale.Probability => total == 0 ? 0 : (double)counts[i] / total,
                HistogramScale.Density => total == 0 || width <= 0 ? 0 : counts[i] / (total * width),
                _ => counts[i],
            };
        }

        return heights;
    }

    /// <inheritdoc/>
    public Edges TightEdges => Edges.Bottom;

    /// <inheritdoc/>
    public AxisLimits GetLimits()
    {
        if (Bins.Counts.Length == 0)
        {
            return AxisLimits.NoData;
        }

        double[] heights = GetHeights();
        return new AxisLimits(Bins.Edges[0], Bins.Edges[^1], 0, heights.Max());
    }

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (!string.IsNullOrEmpty(LegendText))
        {
            yield return new LegendItem(LegendText) { FillColor = Color.WithAlpha(FillOpacity), FillOutline = Color };
        }
    }

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Bins.Counts.Length == 0)
        {
            return;
        }

        double[] heights = GetHeights();
        double[] edges = Bins.Edges;
        SvgWriter svg = context.Svg;
        double y0 = context.YToPixel(0);

        svg.BeginPath();
        for (int i = 0; i < heights.Length; i++)
        {
            if (heights[i] > 0)
            {
                double xa = context.XToPixel(edges[i]);
                double xb = context.XToPixel(edges[i + 1]);
                double yh = context.YToPixel(heights[i]);
                svg.RectSubpath(xa, Math.Min(y0, yh), xb - xa, Math.Abs(y0 - yh));
            }
        }

        svg.EndPath(SvgPaint.FillOnly(Color.WithAlpha(FillOpacity)));

        // Outline as one step line over the tops of the bars, down to zero at both ends.
        svg.BeginPath();
        svg.MoveTo(context.XToPixel(edges[0]), y0);
        for (int i = 0; i < heights.Length; i++)
        {
            double yh = context.YToPixel(heights[i]);
            svg.LineTo(context.XToPixel(edges[i]), yh);
            svg.LineTo(context.XToPixel(edges[i + 1]), yh);
        }

        svg.LineTo(context.XToPixel(edges[^1]), y0);
        svg.EndPath(SvgPaint.StrokeOnly(Color, LineWidth));
    }
}
