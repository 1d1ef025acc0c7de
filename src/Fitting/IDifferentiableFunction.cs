namespace Facebench.Fitting;

/// <summary>A smooth function ℝⁿ → ℝ that returns its value and writes its gradient, for gradient-based minimisers.</summary>
public interface IDifferentiableFunction
{
    /// <summary>Number of variables n.</summary>
    int Dimension { get; }

    /// <summary>
    /// Returns f(x) and writes ∇f(x) into <paramref name="gradient"/> (length n). May return +∞ where f is
    /// undefined (e.g. a point behind the camera); line searches then shorten the step. Must not allocate.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
