using System.Numerics.Tensors;

namespace Facebench.Plotting.Statistics;

/// <summary>Rule of thumb for the kernel bandwidth.</summary>
public enum BandwidthRule
{
    /// <summary>Scott's rule: h = σ · n^(-1/(d+4)), i.e. σ · n^(-1/6) in two dimensions.</summary>
    Scott,

    /// <summary>
    /// Silverman's rule: h = σ · (n (d+2) / 4)^(-1/(d+4)). In two dimensions the factor (d+2)/4 is 1, so it equals
    /// Scott's rule (as in SciPy's gaussian_kde); it is kept so callers can state their intent.
    /// </summary>
    Silverman,
}

/// <summary>
/// Two-dimensional Gaussian kernel density estimate with a diagonal (product) kernel:
/// f(x, y) = 1/(n·2π·hx·hy) Σ exp(-½((x-xi)/hx)² - ½((y-yi)/hy)²), bandwidths per axis from
/// <see cref="BandwidthRule"/> applied to each axis's sample standard deviation. Non-finite points are skipped.
/// </summary>
public sealed class KernelDensity2D
{
    /// <summary>Kernel contributions beyond this many bandwidths are ignored on grids (mass lost &lt; 1e-4).</summary>
    public const double CutoffBandwidths = 4;

    private readonly double[] _xs;
    private readonly double[] _ys;

    /// <summary>Builds the estimator; explicit positive bandwidths override the rule for their axis.</summary>
    public KernelDensity2D(IReadOnlyList<double> xs, IReadOnlyList<double> ys, BandwidthRule rule = BandwidthRule.Scott,
        double? bandwidthX = null, double? bandwidthY = null)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        var fx = new List<double>();
        var fy = new List<double>();
        int n = Math.Min(xs.Count, ys.Count);
        for (int i = 0; i < n; i++)
        {
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                fx.Add(xs[i]);
                fy.Add(ys[i]);
            }
        }

        _xs = [.. fx];
        _ys = [.. fy];
        Rule = rule;
        (double mx, double sx) = Descriptive.MeanAndStdDev(_xs);
        (double my, double sy) = Descriptive.MeanAndStdDev(_ys);
        double factor = BandwidthFactor(_xs.Length, rule);
        BandwidthX = bandwidthX is > 0 ? bandwidthX.Value : FallbackBandwidth(sx, sy, mx) * factor;
        BandwidthY = bandwidthY is > 0 ? bandwidthY.Value : FallbackBandwidth(sy, sx, my) * factor;
    }

    /// <summary>Number of finite points in the sample.</summary>
    public int Count => _xs.Length;

    /// <summary>The bandwidth rule used for axes without an explicit bandwidth.</summary>
    public BandwidthRule Rule { get; }

    /// <summary>Kernel standard deviation along X.</summary>
    public double BandwidthX { get; }

    /// <summary>Kernel standard deviation along Y.</summary>
    public double BandwidthY { get; }

    /// <summary>
    /// Multiplier of σ for a d = 2 sample of size <paramref name="n"/>: Scott n^(-1/6), Silverman (n·(d+2)/4)^(-1/6).
    /// </summary>
    public static double BandwidthFactor(int n, BandwidthRule rule)
    {
        const int d = 2;
        double nn = Math.Max(n, 1);
        return rule == BandwidthRule.Silverman
            ? Math.Pow(nn * (d + 2) / 4.0, -1.0 / (d + 4))
            : Math.Pow(nn, -1.0 / (d + 4));
    }

    /// <summary>Density at one point (exact sum over all samples, no cutoff); 0 for an empty sample.</summary>
    public double Evaluate(double x, double y)
    {
        if (_xs.Length == 0)
        {
            return 0;
        }

        double sum = 0;
        for (int k = 0; k < _xs.Length; k++)
        {
            double u = (x - _xs[k]) / BandwidthX;
            double v = (y - _ys[k]) / BandwidthY;
            sum += Math.Exp(-0.5 * ((u * u) + (v * v)));
        }

        return sum / (_xs.Length * 2 * Math.PI * BandwidthX * BandwidthY);
    }

    /// <summary>
    /// Density on an <paramref name="nx"/>×<paramref name="ny"/> grid covering the data extent plus
    /// <paramref name="paddingBandwidths"/> bandwidths on each side, so the density fades out inside the grid.
    /// </summary>
    public Grid2D EvaluateGrid(int nx = 100, int ny = 100, double paddingBandwidths = CutoffBandwidths)
    {
        if (_xs.Length == 0)
        {
            return EvaluateGrid(0, 1, 0, 1, nx, ny);
        }

        double px = paddingBandwidths * BandwidthX;
        double py = paddingBandwidths * BandwidthY;
        return EvaluateGrid(_xs.Min() - px, _xs.Max() + px, _ys.Min() - py, _ys.Max() + py, nx, ny);
    }

    /// <summary>
    /// Density on a regular grid. Separable evaluation: for each sample the 1-D kernel weights along X and Y are
    /// computed once (within <see cref="CutoffBandwidths"/>) and their outer product is accumulated row by row.
    /// </summary>
    public Grid2D EvaluateGrid(double xMin, double xMax, double yMin, double yMax, int nx, int ny)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nx, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(ny, 2);
        double[] gx = Linspace(xMin, xMax, nx);
        double[] gy = Linspace(yMin, yMax, ny);
        var values = new double[nx * ny];
        if (_xs.Length == 0)
        {
            return new Grid2D(gx, gy, values);
        }

        double dx = (xMax - xMin) / (nx - 1);
        double dy = (yMax - yMin) / (ny - 1);
        var kx = new double[nx];
        var ky = new double[ny];
        for (int k = 0; k < _xs.Length; k++)
        {
            (int i0, int i1) = KernelRow(_xs[k], BandwidthX, xMin, dx, gx, kx);
            (int j0, int j1) = KernelRow(_ys[k], BandwidthY, yMin, dy, gy, ky);
            if (i0 > i1)
            {
                continue;
            }

            int len = i1 - i0 + 1;
            ReadOnlySpan<double> kxSpan = kx.AsSpan(i0, len);
            for (int j = j0; j <= j1; j++)
            {
                Span<double> row = values.AsSpan((j * nx) + i0, len);
                TensorPrimitives.MultiplyAdd(kxSpan, ky[j], row, row);
            }
        }

        TensorPrimitives.Multiply(values, 1.0 / (_xs.Length * 2 * Math.PI * BandwidthX * BandwidthY), values);
        return new Grid2D(gx, gy, values);
    }

    /// <summary>Fills weights[i] = exp(-½((g[i]-c)/h)²) for grid nodes within the cutoff; returns that index range.</summary>
    private static (int From, int To) KernelRow(double c, double h, double origin, double step, double[] g, double[] weights)
    {
        double reach = CutoffBandwidths * h;
        // Clamp in floating point before converting, so far-away samples cannot overflow the int cast.
        int from = (int)Math.Clamp(Math.Ceiling((c - reach - origin) / step), 0, g.Length);
        int to = (int)Math.Clamp(Math.Floor((c + reach - origin) / step), -1, g.Length - 1);
        for (int i = from; i <= to; i++)
        {
            double u = (g[i] - c) / h;
            weights[i] = Math.Exp(-0.5 * u * u);
        }

        return (from, to);
    }

    private static double[] Linspace(double a, double b, int n)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = a + ((b - a) * i / (n - 1));
        }

        return r;
    }

    /// <summary>σ of the axis, else σ of the other axis, else a scale from the mean (single or coincident points).</summary>
    private static double FallbackBandwidth(double sigma, double otherSigma, double mean)
    {
        if (sigma > 0)
        {
            return sigma;
        }

        if (otherSigma > 0)
        {
            return otherSigma;
        }

        return double.IsFinite(mean) && mean != 0 ? Math.Abs(mean) * 0.1 : 1;
    }
}
