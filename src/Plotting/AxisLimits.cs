namespace Facebench.Plotting;

/// <summary>
/// A rectangle in data units. NaN on an axis means "no data on this axis"; <see cref="Union"/> ignores it.
/// Left &lt;= Right and Bottom &lt;= Top always hold for set axes (axis inversion is a property of <see cref="Axes"/>).
/// </summary>
/// <param name="Left">Smallest X.</param>
/// <param name="Right">Largest X.</param>
/// <param name="Bottom">Smallest Y.</param>
/// <param name="Top">Largest Y.</param>
public readonly record struct AxisLimits(double Left, double Right, double Bottom, double Top)
{
    /// <summary>Limits with no data on either axis.</summary>
    public static AxisLimits NoData { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Horizontal extent (Right - Left); NaN when unset.</summary>
    public double Width => Right - Left;

    /// <summary>Vertical extent (Top - Bottom); NaN when unset.</summary>
    public double Height => Top - Bottom;

    /// <summary>True when the X axis has data.</summary>
    public bool HasX => !double.IsNaN(Left) && !double.IsNaN(Right);

    /// <summary>True when the Y axis has data.</summary>
    public bool HasY => !double.IsNaN(Bottom) && !double.IsNaN(Top);

    /// <summary>Tight limits around the finite points; non-finite points are skipped.</summary>
    public static AxisLimits FromPoints(IEnumerable<Coordinates> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var acc = new Accumulator();
        foreach (Coordinates p in points)
        {
            acc.Add(p.X, p.Y);
        }

        return acc.ToLimits();
    }

    /// <summary>Tight limits around the finite (x, y) pairs; pairs with a non-finite member are skipped.</summary>
    public static AxisLimits FromXY(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        var acc = new Accumulator();
        int n = Math.Min(xs.Count, ys.Count);
        for (int i = 0; i < n; i++)
        {
            acc.Add(xs[i], ys[i]);
        }

        return acc.ToLimits();
    }

    /// <summary>The smallest limits containing both; an unset axis on either side is ignored.</summary>
    public AxisLimits Union(AxisLimits other) => new(
        MinIgnoringNaN(Left, other.Left),
        MaxIgnoringNaN(Right, other.Right),
        MinIgnoringNaN(Bottom, other.Bottom),
        MaxIgnoringNaN(Top, other.Top));

    private static double MinIgnoringNaN(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);

    private static double MaxIgnoringNaN(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    /// <summary>Running min/max over finite points, without allocating.</summary>
    internal struct Accumulator
    {
        private double _xMin;
        private double _xMax;
        private double _yMin;
        private double _yMax;
        private bool _any;

        /// <summary>Adds a point if both coordinates are finite.</summary>
        public void Add(double x, double y)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                return;
            }

            if (!_any)
            {
                _xMin = _xMax = x;
                _yMin = _yMax = y;
                _any = true;
                return;
            }

            _xMin = Math.Min(_xMin, x);
            _xMax = Math.Max(_xMax, x);
            _yMin = Math.Min(_yMin, y);
            _yMax = Math.Max(_yMax, y);
        }

        /// <summary>The limits seen so far, or <see cref="NoData"/>.</summary>
        public readonly AxisLimits ToLimits() => _any ? new AxisLimits(_xMin, _xMax, _yMin, _yMax) : NoData;
    }
}
