namespace Facebench.Plotting;

/// <summary>Axis limits, orientation, aspect ratio and tick overrides of a <see cref="Plot"/>.</summary>
public sealed class Axes
{
    private double _left = double.NaN;
    private double _right = double.NaN;
    private double _bottom = double.NaN;
    private double _top = double.NaN;
    private IReadOnlyList<Tick>? _xTicks;
    private IReadOnlyList<Tick>? _yTicks;

    internal Axes()
    {
    }

    /// <summary>True when Y grows downwards, as in image (row, column) coordinates.</summary>
    public bool IsYInverted { get; private set; }

    /// <summary>True when one data unit spans the same number of pixels on both axes.</summary>
    public bool HasSquareUnits { get; private set; }

    /// <summary>Fraction of the data span added on each side when autoscaling (default 0.05).</summary>
    public double MarginFraction { get; set; } = 0.05;

    /// <summary>Fixes all four limits; a NaN argument leaves that side autoscaled. Reversed pairs are swapped.</summary>
    public void SetLimits(double left, double right, double bottom, double top)
    {
        SetLimitsX(left, right);
        SetLimitsY(bottom, top);
    }

    /// <summary>Fixes all four limits from an <see cref="AxisLimits"/>.</summary>
    public void SetLimits(AxisLimits limits) => SetLimits(limits.Left, limits.Right, limits.Bottom, limits.Top);

    /// <summary>Fixes the X limits; NaN (or infinity) leaves a side autoscaled.</summary>
    public void SetLimitsX(double left, double right) => (_left, _right) = Ordered(left, right);

    /// <summary>Fixes the Y limits; NaN (or infinity) leaves a side autoscaled.</summary>
    public void SetLimitsY(double bottom, double top) => (_bottom, _top) = Ordered(bottom, top);

    /// <summary>Forgets fixed limits so all sides follow the data again.</summary>
    public void AutoScale() => _left = _right = _bottom = _top = double.NaN;

    /// <summary>Makes Y grow downwards (image coordinates: row 0 at the top).</summary>
    public void InvertY(bool inverted = true) => IsYInverted = inverted;

    /// <summary>Locks the aspect ratio so one unit on X is as long as one unit on Y (limits are widened to fit).</summary>
    public void SquareUnits(bool enabled = true) => HasSquareUnits = enabled;

    /// <summary>Replaces the automatic X ticks with fixed positions and labels (null restores automatic ticks).</summary>
    public void SetXTicks(IReadOnlyList<double>? positions, IReadOnlyList<string>? labels = null) => _xTicks = MakeTicks(positions, labels);

    /// <summary>Replaces the automatic Y ticks with fixed positions and labels (null restores automatic ticks).</summary>
    public void SetYTicks(IReadOnlyList<double>? positions, IReadOnlyList<string>? labels = null) => _yTicks = MakeTicks(positions, labels);

    /// <summary>Fixed X ticks, or null when automatic.</summary>
    public IReadOnlyList<Tick>? ManualXTicks => _xTicks;

    /// <summary>Fixed Y ticks, or null when automatic.</summary>
    public IReadOnlyList<Tick>? ManualYTicks => _yTicks;

    /// <summary>
    /// The limits to display for <paramref name="plottables"/>: fixed sides as set, other sides from the data with
    /// <see cref="MarginFraction"/> padding (except sides a plottable marks tight). Empty data gives 0..1; a zero
    /// span is widened around its value. Always returns finite limits with Left &lt; Right and Bottom &lt; Top.
    /// </summary>
    public AxisLimits GetLimits(IEnumerable<IPlottable> plottables)
    {
        ArgumentNullException.ThrowIfNull(plottables);
        AxisLimits data = AxisLimits.NoData;
        var limitsList = new List<(AxisLimits Limits, Edges Tight)>();
        foreach (IPlottable p in plottables)
        {
            if (!p.IsVisible)
            {
                continue;
            }

            AxisLimits l = Sanitize(p.GetLimits());
            limitsList.Add((l, p.TightEdges));
            data = data.Union(l);
        }

        Edges tight = Edges.None;
        foreach ((AxisLimits l, Edges t) in limitsList)
        {
            if (t.HasFlag(Edges.Left) && l.Left == data.Left) tight |= Edges.Left;
            if (t.HasFlag(Edges.Right) && l.Right == data.Right) tight |= Edges.Right;
            if (t.HasFlag(Edges.Bottom) && l.Bottom == data.Bottom) tight |= Edges.Bottom;
            if (t.HasFlag(Edges.Top) && l.Top == data.Top) tight |= Edges.Top;
        }

        (double left, double right) = ResolveAxis(data.Left, data.Right, _left, _right, tight.HasFlag(Edges.Left), tight.HasFlag(Edges.Right));
        (double bottom, double top) = ResolveAxis(data.Bottom, data.Top, _bottom, _top, tight.HasFlag(Edges.Bottom), tight.HasFlag(Edges.Top));
        return new AxisLimits(left, right, bottom, top);
    }

    private (double Min, double Max) ResolveAxis(double dataMin, double dataMax, double fixedMin, double fixedMax, bool tightMin, bool tightMax)
    {
        bool hasData = !double.IsNaN(dataMin) && !double.IsNaN(dataMax);
        double min = hasData ? dataMin : 0;
        double max = hasData ? dataMax : 1;
        if (max - min <= 0)
        {
            // All values equal: widen symmetrically around the value.
            double half = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= half;
            max += half;
            tightMin = tightMax = false;
        }

        double pad = (max - min) * Math.Max(0, MarginFraction);
        if (hasData && !tightMin) min -= pad;
        if (hasData && !tightMax) max += pad;

        if (double.IsFinite(fixedMin)) min = fixedMin;
        if (double.IsFinite(fixedMax)) max = fixedMax;

        if (!(max > min))
        {
            // A fixed side crossed the automatic one: keep the fixed one and open a unit span.
            if (double.IsFinite(fixedMin)) max = min + 1;
            else min = max - 1;
        }

        return (min, max);
    }

    /// <summary>Widens X or Y so both axes have the same units per pixel for a data area of the given size.</summary>
    internal static AxisLimits MakeSquare(AxisLimits limits, double widthPx, double heightPx)
    {
        if (widthPx <= 0 || heightPx <= 0)
        {
            return limits;
        }

        double ux = limits.Width / widthPx;
        double uy = limits.Height / heightPx;
        if (ux > uy)
        {
            double cy = (limits.Bottom + limits.Top) / 2;
            double h = ux * heightPx / 2;
            return limits with { Bottom = cy - h, Top = cy + h };
        }

        double cx = (limits.Left + limits.Right) / 2;
        double w = uy * widthPx / 2;
        return limits with { Left = cx - w, Right = cx + w };
    }

    private static AxisLimits Sanitize(AxisLimits l)
    {
        // Infinite limits from a custom plottable would break scaling; treat them as "no data" on that axis.
        bool xOk = double.IsFinite(l.Left) && double.IsFinite(l.Right) && l.Right >= l.Left;
        bool yOk = double.IsFinite(l.Bottom) && double.IsFinite(l.Top) && l.Top >= l.Bottom;
        return new AxisLimits(
            xOk ? l.Left : double.NaN,
            xOk ? l.Right : double.NaN,
            yOk ? l.Bottom : double.NaN,
            yOk ? l.Top : double.NaN);
    }

    private static (double, double) Ordered(double a, double b)
    {
        a = double.IsFinite(a) ? a : double.NaN;
        b = double.IsFinite(b) ? b : double.NaN;
        return !double.IsNaN(a) && !double.IsNaN(b) && a > b ? (b, a) : (a, b);
    }

    private static List<Tick>? MakeTicks(IReadOnlyList<double>? positions, IReadOnlyList<string>? labels)
    {
        if (positions is null)
        {
            return null;
        }

        var ticks = new List<Tick>(positions.Count);
        for (int i = 0; i < positions.Count; i++)
        {
            string label = labels is not null && i < labels.Count
                ? labels[i]
                : positions[i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
            ticks.Add(new Tick(positions[i], label));
        }

        return ticks;
    }
}
