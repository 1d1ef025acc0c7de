namespace Facebench.Classification;

/// <summary>Settings of <see cref="MultinomialLogisticRegression"/> training and fine-tuning.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>λ, the L2 penalty on the (standardised) weights, not on the intercepts.</summary>
    public double L2 { get; init; } = 1e-2;

    /// <summary>
    /// μ, the pull towards the starting weights when fine-tuning (the L2-SP regulariser of Li, Grandvalet &amp; Davoine
    /// 2018, "Explicit inductive bias for transfer learning"): 0 lets fine-tuning move freely.
    /// </summary>
    public double Anchor { get; init; }

    /// <summary>Most L-BFGS iterations.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>L-BFGS stops when the gradient norm falls below this.</summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(L2 >= 0) || !double.IsFinite(L2) || !(Anchor >= 0) || !double.IsFinite(Anchor))
        {
            throw new ArgumentException($"L2 ({L2}) and anchor ({Anchor}) must be finite and non-negative.");
        }

        if (MaxIterations < 1 || !(GradientTolerance > 0))
        {
            throw new ArgumentException("the iteration limit must be at least 1 and the tolerance positive.");
        }
    }
}
