using System.Numerics.Tensors;

namespace Facebench.Fitting;

/// <summary>Why an L-BFGS run stopped.</summary>
public enum LbfgsStatus
{
    /// <summary>The convergence test passed (small Newton decrement or small gradient).</summary>
    Converged,

    /// <summary>The iteration limit was reached first.</summary>
    MaxIterations,

    /// <summary>No step satisfying the Wolfe conditions was found, even along the steepest descent (usually: at the precision limit).</summary>
    LineSearchFailed,
}

/// <summary>The outcome of one <see cref="Lbfgs.Minimize"/> call.</summary>
/// <param name="Status">Why it stopped.</param>
/// <param name="Iterations">Accepted steps.</param>
/// <param name="Evaluations">Function and gradient evaluations.</param>
/// <param name="Value">Final function value.</param>
public readonly record struct LbfgsReport(LbfgsStatus Status, int Iterations, int Evaluations, double Value);

/// <summary>
/// Limited-memory BFGS (Liu &amp; Nocedal 1989; Nocedal &amp; Wright 2006, "Numerical Optimization", 2nd ed.,
/// Algorithm 7.4 two-loop recursion and Algorithm 7.5) with a strong-Wolfe line search (Algorithms 3.5 and 3.6,
/// cubic interpolation eq. 3.59). All memory is allocated in the constructor: <see cref="Minimize"/> does not
/// allocate, so a fitter can run it thousands of times per second without GC pressure. One instance per thread.
/// <para>
/// Why hand-written: MathNet's <c>LimitedMemoryBfgsMinimizer</c> allocates new vectors every iteration and its
/// objective interface is vector-object based; the benchmark project measures both on the fitting objective.
/// </para>
/// </summary>
public sealed class Lbfgs
{
    private const double C1 = 1e-4;  // sufficient-decrease constant (N&W p. 62)
    private const double C2 = 0.9;   // curvature constant for quasi-Newton methods (N&W p. 62)

    private readonly int _capacity;
    private readonly int _memory;
    private readonly double[] _s;        // memory × capacity: steps s_k = x_{k+1} − x_k
    private readonly double[] _y;        // memory × capacity: gradient changes y_k = g_{k+1} − g_k
    private readonly double[] _rho;      // 1 / (y_k · s_k)
    private readonly double[] _alpha;
    private readonly double[] _direction;
    private readonly double[] _x0;
    private readonly double[] _g0;
    private readonly double[] _gradient;

    /// <summary>Creates a minimiser for up to <paramref name="capacity"/> variables keeping <paramref name="memory"/> correction pairs.</summary>
    public Lbfgs(int capacity, int memory = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1);
        _capacity = capacity;
        _memory = memory;
        _s = new double[memory * capacity];
        _y = new double[memory * capacity];
        _rho = new double[memory];
        _alpha = new double[memory];
        _direction = new double[capacity];
        _x0 = new double[capacity];
        _g0 = new double[capacity];
        _gradient = new double[capacity];
    }

    /// <summary>
    /// Convergence threshold on the Newton decrement: stop when <c>−dᵀg / 2 ≤ Tolerance · max(1, |f|)</c>, where
    /// d is the quasi-Newton direction (so −dᵀg = gᵀHg estimates twice the decrease still available). Scale-free
    /// when the variables are preconditioned so that the Hessian is near the identity.
    /// </summary>
    public double Tolerance { get; set; } = 1e-10;

    /// <summary>Most function evaluations per line search.</summary>
    public int MaxLineSearchEvaluations { get; set; } = 20;

    /// <summary>Minimises <paramref name="function"/> starting from (and overwriting) <paramref name="x"/>.</summary>
    /// <param name="function">The objective.</param>
    /// <param name="x">Start point in, minimiser out; length <see cref="IDifferentiableFunction.Dimension"/>.</param>
    /// <param name="maxIterations">Most accepted steps.</param>
    public LbfgsReport Minimize(IDifferentiableFunction function, Span<double> x, int maxIterations)
    {
        int n = function.Dimension;
        if (n > _capacity || x.Length != n)
        {
            throw new ArgumentException($"The problem has {n} variables and x has {x.Length}; this minimiser holds up to {_capacity}.");
        }

        Span<double> g = _gradient.AsSpan(0, n);
        Span<double> d = _direction.AsSpan(0, n);
        Span<double> x0 = _x0.AsSpan(0, n);
        Span<double> g0 = _g0.AsSpan(0, n);

        int evaluations = 1;
        double f = function.Evaluate(x, g);
        if (!double.IsFinite(f))
        {
            throw new ArgumentException("The objective is not finite at the start point.");
        }

        int stored = 0;   // correction pairs held
        int newest = -1;  // ring-buffer slot of the newest pair
        int iteration = 0;
        while (iteration < maxIterations)
        {
            // Direction d = −H·g by the two-loop recursion (N&W Algorithm 7.4).
            g.CopyTo(d);
            for (int j = 0, slot = newest; j < stored; j++, slot = (slot - 1 + _memory) % _memory)
            {
                double a = _rho[slot] * TensorPrimitives.Dot(S(slot, n), d);
                _alpha[slot] = a;
                TensorPrimitives.MultiplyAdd(Y(slot, n), -a, d, d);
            }

            double gamma;
            if (stored > 0)
            {
                // H0 = γI with γ = sᵀy / yᵀy (N&W eq. 7.20): scales the step to the observed curvature.
                ReadOnlySpan<double> yNew = Y(newest, n);
                gamma = 1.0 / (_rho[newest] * TensorPrimitives.Dot(yNew, yNew));
            }
            else
            {
                // First step: steepest descent of length at most 1 in the (preconditioned) variables.
                gamma = 1.0 / Math.Max(1.0, TensorPrimitives.Norm(g));
            }

            TensorPrimitives.Multiply(d, gamma, d);
            for (int j = 0, slot = (newest - stored + 1 + _memory) % _memory; j < stored; j++, slot = (slot + 1) % _memory)
            {
                double b = _rho[slot] * TensorPrimitives.Dot(Y(slot, n), d);
                TensorPrimitives.MultiplyAdd(S(slot, n), _alpha[slot] - b, d, d);
            }

            TensorPrimitives.Negate(d, d);
            double slope = TensorPrimitives.Dot(d, g);
            if (!(slope < 0))
            {
                // Not a descent direction (lost positive definiteness numerically): restart from steepest descent.
                stored = 0;
                TensorPrimitives.Negate(g, d);
                TensorPrimitives.Multiply(d, 1.0 / Math.Max(1.0, TensorPrimitives.Norm(g)), d);
                slope = TensorPrimitives.Dot(d, g);
                if (!(slope < 0))
                {
                    return new LbfgsReport(LbfgsStatus.Converged, iteration, evaluations, f); // zero gradient
                }
            }

            if (-0.5 * slope <= Tolerance * Math.Max(1.0, Math.Abs(f)))
            {
                return new LbfgsReport(LbfgsStatus.Converged, iteration, evaluations, f);
            }

            x.CopyTo(x0);
            g.CopyTo(g0);
            double f0 = f;
            bool found = LineSearch(function, x0, f0, d, slope, x, g, ref f, ref evaluations);
            if (!found)
            {
                x0.CopyTo(x);
                g0.CopyTo(g);
                f = f0;
                if (stored == 0)
                {
                    return new LbfgsReport(LbfgsStatus.LineSearchFailed, iteration, evaluations, f);
                }

                stored = 0; // retry along the steepest descent with a fresh memory
                continue;
            }

            iteration++;

            // Store the correction pair if it keeps H positive definite (the Wolfe curvature condition ensures
            // sᵀy > 0 in exact arithmetic; guard against rounding).
            int next = (newest + 1) % _memory;
            Span<double> sNext = S(next, n);
            Span<double> yNext = Y(next, n);
            TensorPrimitives.Subtract(x, x0, sNext);
            TensorPrimitives.Subtract(g, g0, yNext);
            double sy = TensorPrimitives.Dot(sNext, yNext);
            if (sy > 1e-12 * TensorPrimitives.Dot(yNext, yNext))
            {
                _rho[next] = 1.0 / sy;
                newest = next;
                stored = Math.Min(stored + 1, _memory);
            }

            if (f0 - f <= 1e-15 * Math.Max(1.0, Math.Abs(f)))
            {
                return new LbfgsReport(LbfgsStatus.Converged, iteration, evaluations, f); // no progress left at double precision
            }
        }

        return new LbfgsReport(LbfgsStatus.MaxIterations, iteration, evaluations, f);
    }

    private Span<double> S(int slot, int n) => _s.AsSpan(slot * _capacity, n);

    private Span<double> Y(int slot, int n) => _y.AsSpan(slot * _capacity, n);

    /// <summary>
    /// Strong-Wolfe line search along d from x0 (N&amp;W Algorithm 3.5): tries α = 1 (the quasi-Newton step),
    /// doubles while the function still decreases with a negative slope, and brackets then zooms otherwise.
    /// On success x, g, f hold the accepted point.
    /// </summary>
    private bool LineSearch(
        IDifferentiableFunction function, ReadOnlySpan<double> x0, double f0, ReadOnlySpan<double> d,
        double slope0, Span<double> x, Span<double> g, ref double f, ref int evaluations)
    {
        double aPrev = 0, fPrev = f0, dPrev = slope0;
        double a = 1.0;
        for (int i = 0; i < MaxLineSearchEvaluations; i++)
        {
            double fa = EvaluateAt(function, x0, d, a, x, g, ref evaluations);
            double da = TensorPrimitives.Dot(g, d);
            if (fa > f0 + (C1 * a * slope0) || (i > 0 && fa >= fPrev) || !double.IsFinite(fa))
            {
                return Zoom(function, x0, f0, d, slope0, aPrev, fPrev, dPrev, a, fa, da, x, g, ref f, ref evaluations, MaxLineSearchEvaluations - i - 1);
            }

            if (Math.Abs(da) <= -C2 * slope0)
            {
                f = fa;
                return true;
            }

            if (da >= 0)
            {
                return Zoom(function, x0, f0, d, slope0, a, fa, da, aPrev, fPrev, dPrev, x, g, ref f, ref evaluations, MaxLineSearchEvaluations - i - 1);
            }

            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a *= 2;
        }

        // Still descending after all doublings: x and g hold the last point tried, which has sufficient decrease.
        f = fPrev;
        return fPrev < f0;
    }

    /// <summary>N&amp;W Algorithm 3.6 ("zoom") with safeguarded cubic interpolation (eq. 3.59).</summary>
    private static bool Zoom(
        IDifferentiableFunction function, ReadOnlySpan<double> x0, double f0, ReadOnlySpan<double> d, double slope0,
        double aLo, double fLo, double dLo, double aHi, double fHi, double dHi,
        Span<double> x, Span<double> g, ref double f, ref int evaluations, int budget)
    {
        for (int j = 0; j < Math.Max(budget, 4); j++)
        {
            double a = CubicMinimizer(aLo, fLo, dLo, aHi, fHi, dHi);
            double fa = EvaluateAt(function, x0, d, a, x, g, ref evaluations);
            double da = TensorPrimitives.Dot(g, d);
            if (fa > f0 + (C1 * a * slope0) || fa >= fLo || !double.IsFinite(fa))
            {
                aHi = a;
                fHi = fa;
                dHi = da;
            }
            else
            {
                if (Math.Abs(da) <= -C2 * slope0)
                {
                    f = fa;
                    return true;
                }

                if (da * (aHi - aLo) >= 0)
                {
                    aHi = aLo;
                    fHi = fLo;
                    dHi = dLo;
                }

                aLo = a;
                fLo = fa;
                dLo = da;
            }

            if (Math.Abs(aHi - aLo) <= 1e-12 * Math.Max(1.0, Math.Abs(aLo)))
            {
                break;
            }
        }

        // Out of budget: accept the best point with sufficient decrease, if any (a weak-Wolfe step).
        if (aLo > 0 && fLo < f0)
        {
            f = EvaluateAt(function, x0, d, aLo, x, g, ref evaluations);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Minimiser of the cubic interpolating f and f' at two step lengths (N&amp;W eq. 3.59), kept at least 10% of
    /// the interval away from either end; bisection when the cubic has no minimiser or a value is not finite.
    /// </summary>
    private static double CubicMinimizer(double a0, double f0, double d0, double a1, double f1, double d1)
    {
        double lo = Math.Min(a0, a1), hi = Math.Max(a0, a1), width = hi - lo;
        double a = 0.5 * (a0 + a1);
        if (double.IsFinite(f0) && double.IsFinite(f1) && double.IsFinite(d0) && double.IsFinite(d1))
        {
            double e1 = d0 + d1 - (3 * (f0 - f1) / (a0 - a1));
            double disc = (e1 * e1) - (d0 * d1);
            if (disc >= 0)
            {
                double e2 = Math.Sign(a1 - a0) * Math.Sqrt(disc);
                double denominator = d1 - d0 + (2 * e2);
                if (denominator != 0)
                {
                    double candidate = a1 - ((a1 - a0) * (d1 + e2 - e1) / denominator);
                    if (double.IsFinite(candidate))
                    {
                        a = candidate;
                    }
                }
            }
        }

        return Math.Clamp(a, lo + (0.1 * width), hi - (0.1 * width));
    }

    private static double EvaluateAt(IDifferentiableFunction function, ReadOnlySpan<double> x0, ReadOnlySpan<double> d, double a, Span<double> x, Span<double> g, ref int evaluations)
    {
        TensorPrimitives.MultiplyAdd(d, a, x0, x);
        evaluations++;
        return function.Evaluate(x, g);
    }
}
