namespace Facebench.Fitting;

/// <summary>Settings of a <see cref="LandmarkFitter"/>; the <c>fit.landmarks</c> stage maps its options onto these.</summary>
public sealed record LandmarkFitterOptions
{
    /// <summary>Identity components to fit (the first K_id of the model); negative = all.</summary>
    public int IdentityCount { get; init; } = -1;

    /// <summary>Expression components to fit; negative = all.</summary>
    public int ExpressionCount { get; init; } = -1;

    /// <summary>Most L-BFGS iterations of the rigid stage (pose only, mean shape).</summary>
    public int RigidIterations { get; init; } = 30;

    /// <summary>Most L-BFGS iterations of the joint non-rigid stage; 0 = rigid fit only (mean shape).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>
    /// Iterations per round of the non-rigid stage: after this many the Gauss–Newton preconditioner is rebuilt at the
    /// current point and L-BFGS restarts (see <see cref="LandmarkObjective"/>); large = never.
    /// </summary>
    public int RoundIterations { get; init; } = 40;

    /// <summary>
    /// λ_id, the weight of ‖α‖² against the reprojection error in px². The MAP reading: λ = σ², the variance of the
    /// landmark noise per coordinate in px² (1 for 1 px noise); smaller values trust the landmarks more.
    /// </summary>
    public double PriorIdentity { get; init; } = 1.0;

    /// <summary>λ_exp, the weight of ‖β‖² (same units as <see cref="PriorIdentity"/>).</summary>
    public double PriorExpression { get; init; } = 1.0;

    /// <summary>Huber threshold δ in pixels on each landmark's distance; 0 = plain least squares.</summary>
    public double HuberDelta { get; init; }

    /// <summary>Fit the jaw-line landmarks as sliding contour points (when the model has contour candidates).</summary>
    public bool Contours { get; init; } = true;

    /// <summary>Fit an isotropic scale s as well (otherwise s = 1: the model's length unit is trusted).</summary>
    public bool FitScale { get; init; }

    /// <summary>Correction pairs L-BFGS keeps.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>L-BFGS convergence threshold on the Newton decrement, relative to max(1, E) (see <see cref="Lbfgs.Tolerance"/>).</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (RigidIterations < 0 || Iterations < 0)
        {
            throw new ArgumentException("Iteration limits must be zero or more.");
        }

        if (!(PriorIdentity >= 0) || !(PriorExpression >= 0))
        {
            throw new ArgumentException("Prior weights must be zero or more.");
        }

        if (!(HuberDelta >= 0))
        {
            throw new ArgumentException("The Huber threshold must be zero (off) or positive.");
        }

        if (RoundIterations < 1)
        {
            throw new ArgumentException("Iterations per round must be at least 1.");
        }

        if (Memory < 1)
        {
            throw new ArgumentException("L-BFGS memory must be at least 1.");
        }

        if (!(Tolerance > 0))
        {
            throw new ArgumentException("The tolerance must be positive.");
        }
    }
}

/// <summary>
/// Thrown when a sample has too few usable landmarks (observed, finite and mapped by the model) for a fit.
/// The runner records the sample as failed with this message and goes on.
/// </summary>
public sealed class InsufficientLandmarksException(string message) : Exception(message)
{
}
