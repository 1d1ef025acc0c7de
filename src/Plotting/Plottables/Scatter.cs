using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Plottables;

/// <summary>
/// Points connected by straight lines, with optional markers. Pairs containing NaN or infinity are not drawn and
/// break the connecting line, leaving a gap.
/// </summary>
public sealed class Scatter : IPlottable
{
    private readonly double[] _xs;
    private readonly double[] _ys;

    /// <summary>Creates a scatter over copies of the paired coordinates (extra items of the longer list are ignored).</summary>
    public Scatter(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color color)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        int n = Math.Min(xs.Count, ys.Count);
        _xs = new double[n];
        _ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            _xs[i] = xs[i];
            _ys[i] = ys[i];
        }

        Color = color;
    }

    /// <summary>X values (a copy of the input).</summary>
    public IReadOnlyList<double> Xs => _xs;

    /// <summary>Y values (a copy of the input).</summary>
    public IReadOnlyList<double> Ys => _ys;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Legend label; null or empty keeps the series out of the legend.</summary>
    public string? LegendText { get; set; }

    /// <summary>Connecting line style.</summary>
    public LineStyle LineStyle { get; } = new();

    /// <summary>Marker style.</summary>
    public MarkerStyle MarkerStyle { get; } = new();

    /// <summary>Sets line and marker colour together; reads the line colour.</summary>
    public Color Color
    {
        get => LineStyle.Color;
        set
        {
            LineStyle.Color = value;
            MarkerStyle.Color = value;
        }
    }

    /// <summary>Line width in pixels (0 draws markers only).</summary>
    public double LineWidth { get => LineStyle.Width; set => LineStyle.Width = value; }

    /// <summary>Line dash pattern.</summary>
    public LinePattern LinePattern { get => LineStyle.Pattern; set => LineStyle.Pattern = value; }

    /// <summary>Marker diameter in pixels (0 draws the line only).</summary>
    public double MarkerSize { get => MarkerStyle.Size; set => MarkerStyle.Size = value; }

    /// <summary>Marker shape.</summary>
    public MarkerShape MarkerShape { get => MarkerStyle.Shape; set => MarkerStyle.Shape = value; }

    /// <inheritdoc/>
    public AxisLimits GetLimits() => AxisLimits.FromXY(_xs, _ys);

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems()
    {
        if (string.IsNullOrEmpty(LegendText))
        {
            yield break;
        }

        yield return new LegendItem(LegendText)
        {
            LineColor = LineStyle.IsVisible ? LineStyle.Color : null,
            LineWidth = LineStyle.Width,
            LinePattern = LineStyle.Pattern,
            Marker = MarkerStyle.IsVisible ? MarkerStyle.Shape : MarkerShape.None,
            MarkerColor = MarkerStyle.Color,
            MarkerSize = MarkerStyle.Size,
        };
    }

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (LineStyle.IsVisible)
        {
            SvgWriter svg = context.Svg;
            svg.BeginPath();
            bool penDown = false;
            bool drewSegment = false;
            for (int i = 0; i < _xs.Length; i++)
            {
                double x = _xs[i];
                double y = _ys[i];
                if (!double.IsFinite(x) || !double.IsFinite(y))
                {
                    penDown = false;
                    continue;
                }

                if (penDown)
                {
                    svg.LineTo(context.XToPixel(x), context.YToPixel(y));
                    drewSegment = true;
                }
                else
                {
                    svg.MoveTo(context.XToPixel(x), context.YToPixel(y));
                    penDown = true;
                }
            }

            if (drewSegment)
            {
                svg.EndPath(SvgPaint.StrokeOnly(LineStyle.Color, LineStyle.Width, LineStyle.Pattern) with { Round = true });
            }
            else
            {
                svg.CancelPath(); // only isolated points: nothing to stroke
            }
        }

        MarkerRenderer.Draw(context, _xs, _ys, MarkerStyle);
    }
}
