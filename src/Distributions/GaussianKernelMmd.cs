namespace Facebench.Distributions;

/// <summary>
/// The maximum mean discrepancy between a sample X and a fixed target sample Y under a Gaussian kernel (Gretton et
/// al. 2012, "A Kernel Two-Sample Test", JMLR 13, eq. 5: the biased V-statistic), with its analytic gradient with
/// respect to the points of X as used by generative moment matching (Li, Swersky &amp; Zemel 2015; Dziugaite, Roy
/// &amp; Ghahramani 2015):
/// <code>
/// MMD²(X, Y) = 1/n² Σ_ij k(x_i, x_j) − 2/(nm) Σ_ij k(x_i, y_j) + 1/m² Σ_ij k(y_i, y_j)
/// k(a, b)    = 1/L Σ_l exp(−‖a − b‖² / (2 h_l²))
/// </code>
/// A mixture of bandwidths h_l (multi-scale, as in Li et al.) keeps the gradient informative both far from and
/// close to the target. The target's self-similarity term is computed once, at construction.
/// </summary>
public sealed class GaussianKernelMmd
{
    private readonly double[][] _target;
    private readonly double[] _inverseTwoH2;
    private readonly double _targetTerm;

    /// <summary>Creates the discrepancy to a target sample.</summary>
    /// <param name="target">The target points (m rows of equal dimension).</param>
    /// <param name="bandwidths">Kernel bandwidths h_l &gt; 0 (see <see cref="MedianHeuristic"/>).</param>
    /// <exception cref="ArgumentException">An empty target, ragged rows, or a non-positive bandwidth.</exception>
    public GaussianKernelMmd(IReadOnlyList<double[]> target, IReadOnlyList<double> bandwidths)
    {
        if (target.Count == 0)
        {
            throw new ArgumentException("the target sample is empty.", nameof(target));
        }

        Dimension = target[0].Length;
        if (target.Any(t => t.Length != Dimension))
        {
            throw new ArgumentException("target rows differ in length.", nameof(target));
        }

        if (bandwidths.Count == 0 || bandwidths.Any(h => !(h > 0) || !double.IsFinite(h)))
        {
            throw new ArgumentException("bandwidths must be positive and finite.", nameof(bandwidths));
        }

        _target = [.. target];
        Bandwidths = [.. bandwidths];
        _inverseTwoH2 = [.. bandwidths.Select(h => 1 / (2 * h * h))];
        double sum = 0;
        for (int i = 0; i < _target.Length; i++)
        {
            for (int j = 0; j < _target.Length; j++)
            {
                sum += Kernel(_target[i], _target[j]);
            }
        }

        _targetTerm = sum / ((double)_target.Length * _target.Length);
    }

    /// <summary>Dimension of the points.</summary>
    public int Dimension { get; }

    /// <summary>The kernel bandwidths.</summary>
    public IReadOnlyList<double> Bandwidths { get; }

    /// <summary>
    /// The median of the pairwise Euclidean distances of a sample (the "median heuristic" for the Gaussian kernel
    /// bandwidth, Gretton et al. 2012, §8), over at most <paramref name="maxPoints"/> evenly spaced points.
    /// </summary>
    public static double MedianHeuristic(IReadOnlyList<double[]> points, int maxPoints = 300)
    {
        int n = points.Count;
        int step = Math.Max(1, n / Math.Max(1, maxPoints));
        var distances = new List<double>();
        for (int i = 0; i < n; i += step)
        {
            for (int j = i + step; j < n; j += step)
            {
                distances.Add(Math.Sqrt(SquaredDistance(points[i], points[j])));
            }
        }

        if (distances.Count == 0)
        {
            return 1;
        }

        distances.Sort();
        double median = distances[distances.Count / 2];
        return median > 0 ? median : 1;
    }

    /// <summary>MMD² of <paramref name="x"/> to the target (biased estimator, ≥ 0 up to rounding).</summary>
    public double Squared(IReadOnlyList<double[]> x) => Evaluate(x, gradient: null);

    /// <summary>MMD² and its gradient with respect to each point of <paramref name="x"/>, written into <paramref name="gradient"/> (n rows).</summary>
    public double SquaredWithGradient(IReadOnlyList<double[]> x, double[][] gradient) => Evaluate(x, gradient);

    /// <summary>The square root of <see cref="Squared"/> (clamped at zero): the distance in the kernel's feature space.</summary>
    public double Distance(IReadOnlyList<double[]> x) => Math.Sqrt(Math.Max(0, Squared(x)));

    private double Evaluate(IReadOnlyList<double[]> x, double[][]? gradient)
    {
        int n = x.Count, m = _target.Length;
        if (n == 0)
        {
            throw new ArgumentException("the sample is empty.", nameof(x));
        }

        if (gradient is not null)
        {
            foreach (double[] g in gradient)
            {
                Array.Clear(g);
            }
        }

        double xx = 0, xy = 0;
        double wxx = 1.0 / ((double)n * n), wxy = 2.0 / ((double)n * m);
        for (int i = 0; i < n; i++)
        {
            double[] xi = x[i];
            if (xi.Length != Dimension)
            {
                throw new ArgumentException($"point {i} has {xi.Length} coordinates; the target has {Dimension}.", nameof(x));
            }

            // Pairs (i, j) and (j, i) of X are equal: count the off-diagonal once, twice weighted.
            xx += Kernel(xi, xi);
            for (int j = i + 1; j < n; j++)
            {
                double k = Accumulate(xi, x[j], gradient is null ? null : gradient[i], gradient is null ? null : gradient[j], 2 * wxx);
                xx += 2 * k;
            }

            for (int j = 0; j < m; j++)
            {
                xy += Accumulate(xi, _target[j], gradient is null ? null : gradient[i], null, -wxy);
            }
        }

        return (wxx * xx) - (wxy * xy) + _targetTerm;
    }

    /// <summary>
    /// Returns k(a, b) and adds <c>scale · ∂k/∂a</c> to <paramref name="ga"/> and <c>scale · ∂k/∂b</c> to
    /// <paramref name="gb"/> (either may be null). ∂k/∂a = 1/L Σ_l k_l · (−(a − b) / h_l²) and ∂k/∂b = −∂k/∂a.
    /// </summary>
    private double Accumulate(double[] a, double[] b, double[]? ga, double[]? gb, double scale)
    {
        double d2 = SquaredDistance(a, b);
        double k = 0, slope = 0;
        for (int l = 0; l < _inverseTwoH2.Length; l++)
        {
            double kl = Math.Exp(-d2 * _inverseTwoH2[l]);
            k += kl;
            slope += kl * 2 * _inverseTwoH2[l]; // 1/h² = 2 · 1/(2h²)
        }

        k /= _inverseTwoH2.Length;
        slope /= _inverseTwoH2.Length;
        if (ga is not null || gb is not null)
        {
            double factor = -scale * slope;
            for (int c = 0; c < a.Length; c++)
            {
                double d = factor * (a[c] - b[c]);
                if (ga is not null)
                {
                    ga[c] += d;
                }

                if (gb is not null)
                {
                    gb[c] -= d;
                }
            }
        }

        return k;
    }

    private double Kernel(double[] a, double[] b) => Accumulate(a, b, null, null, 0);

    private static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int c = 0; c < a.Length; c++)
        {
            double d = a[c] - b[c];
            sum += d * d;
        }

        return sum;
    }
}
