namespace Facebench.Classification;

/// <summary>Settings of <see cref="SoftmaxRegression"/> training and fine-tuning.</summary>
public sealed record SoftmaxRegressionOptions
{
    /// <summary>
    /// λ, the L2 penalty on the standardised weights (not the intercepts), per unit of mean training loss: the
    /// objective is <c>Σ_i w_i ℓ_i / Σ_i w_i + λ/2 ‖W‖²</c>. (ML.NET's own <c>L2Regularization</c> is λ Σ_i w_i,
    /// since it divides the penalty by the total weight too.)
    /// </summary>
    public double L2 { get; init; } = 1e-2;

    /// <summary>
    /// α, the pull of <see cref="SoftmaxRegression.FineTune"/> towards the previous model: each new row is repeated
    /// once per class c with the label c and weight α·w_i·q_c(x_i), q being the previous model's probabilities, which
    /// adds <c>α Σ_i w_i KL(q(x_i) ‖ p(x_i))</c> (plus a constant) to the loss: "learning without forgetting" (Li &amp;
    /// Hoiem 2017) and, to second order, an L2-SP penalty ½ α ΔθᵀFΔθ in the metric of the Fisher information F of the
    /// new inputs (as elastic weight consolidation, Kirkpatrick et al. 2017). 0: a plain warm start.
    /// </summary>
    public double Anchor { get; init; }

    /// <summary>Most L-BFGS iterations.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// ML.NET's multiclass L-BFGS stops when the geometrically weighted mean (weight ¼ per step back) of the per-iteration
    /// decrease of the objective falls below this.
    /// </summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>Seed of the ML.NET context (take it from the pipeline's derived seed): same seed, same model.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(L2 >= 0) || !double.IsFinite(L2) || !(Anchor >= 0) || !double.IsFinite(Anchor))
        {
            throw new ArgumentException($"the L2 penalty ({L2}) and the anchor ({Anchor}) must be finite and non-negative.");
        }

        if (MaxIterations < 1 || !(Tolerance > 0))
        {
            throw new ArgumentException($"the iteration limit ({MaxIterations}) must be at least 1 and the tolerance ({Tolerance}) positive.");
        }
    }
}
