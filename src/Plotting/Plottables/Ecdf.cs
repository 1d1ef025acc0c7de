using Facebench.Plotting.Rendering;
using Facebench.Plotting.Statistics;

namespace Facebench.Plotting.Plottables;

/// <summary>
/// Empirical cumulative distribution function F(x) = #{xi ≤ x} / n over the finite values, drawn as a
/// right-continuous step line rising from 0 at the smallest value to 1 at the largest.
/// </summary>
public sealed class Ecdf : IPlottable
{
    /// <summary>Sorts the finite values.</summary>
    public Ecdf(IEnumerable<double> values, Color color)
    {
        SortedValues = Descriptive.SortedFinite(values);
        Color = color;
    }

    /// <summary>Finite input values, ascending.</summary>
    public double[] SortedValues { get; }

    /// <summary>Plotting positions (i + 1) / n of the sorted values; the last is exactly 1 (for tied values F(x) is the position of the last copy).</summary>
    public double[] Probabilities
    {
        get
        {
            int n = SortedValues.Length;
            var p = new double[n];
            for (int i = 0; i < n; i++)
            {
                p[i] = (i + 1) / (double)n;
            }

            return p;
        }
    }

    /// <summary>Evaluates F(x): the fraction of values ≤ <paramref name="x"/> (NaN for an empty sample).</summary>
    public double Evaluate(double x)
    {
        if (SortedValues.Length == 0 || double.IsNaN(x))
        {
            return double.NaN;
        }

        // Upper bound: index of the first value > x.
        int lo = 0;
        int hi = SortedValues.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (SortedValues[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo / (double)SortedValues.Length;
    }

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Line colour.</summary>
    public Color Color { get; set; }

    /// <summary>Line width in pixels.</summary>
    public double LineWidth { get; set; } = 2;

    /// <summary>Line dash pattern.</summary>
    public LinePattern LinePattern { get; set; } = LinePattern.Solid;

    /// <inheritdoc/>
    public AxisLimits GetLimits() => SortedValues.Length == 0
        ? AxisLimits.NoData
        : new AxisLimits(SortedValues[0], SortedValues[^1], 0, 1);

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (!string.IsNullOrEmpty(LegendText))
        {
            yield return new LegendItem(LegendText) { LineColor = Color, LineWidth = LineWidth, LinePattern = LinePattern };
        }
    }

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double[] v = SortedValues;
        if (v.Length == 0)
        {
            return;
        }

        SvgWriter svg = context.Svg;
        int n = v.Length;
        svg.BeginPath();
        svg.MoveTo(context.XToPixel(v[0]), context.YToPixel(0));
        for (int i = 0; i < n; i++)
        {
            // Ties collapse into one vertical rise; only the last copy of a value adds a horizontal run.
            double px = context.XToPixel(v[i]);
            svg.LineTo(px, context.YToPixel((i + 1) / (double)n));
            if (i + 1 < n && v[i + 1] != v[i])
            {
                svg.LineTo(context.XToPixel(v[i + 1]), context.YToPixel((i + 1) / (double)n));
            }
        }

        svg.EndPath(SvgPaint.StrokeOnly(Color, LineWidth, LinePattern));
    }
}
