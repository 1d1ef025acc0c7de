namespace Facebench.Fitting.Articulated;

/// <summary>What an <see cref="ArticulatedLandmarkFitter"/> fits besides pose, identity and expression.</summary>
public sealed record ArticulationOptions
{
    /// <summary>Names of the joints whose rotations are fitted (FLAME: <c>jaw</c>, <c>neck</c>); the root is the camera pose.</summary>
    public IReadOnlyList<string> Joints { get; init; } = ["jaw"];

    /// <summary>
    /// λ_θ, the weight of ‖θ‖² (px² per rad²). The MAP reading: λ_θ = σ²/σ_θ² for landmark noise σ (px) and a prior
    /// spread σ_θ of the joint rotations; 100 is 1 px noise with σ_θ = 0.1 rad (about 6°).
    /// </summary>
    public double PriorRotation { get; init; } = 100;

    /// <summary>
    /// Iterations per round of the joint stage (after each, the Gauss–Newton preconditioner is rebuilt and the contour
    /// row re-selected). Rotations make this problem less linear than the linear fitter's, so its preconditioner goes
    /// stale sooner: on the FLAME-sized benchmark 20 needs 32 iterations against 46 at the linear fitter's 40.
    /// </summary>
    public int RoundIterations { get; init; } = 20;

    /// <summary>Use the model's yaw-dependent jaw-line bindings (FLAME's dynamic contour) when it has them.</summary>
    public bool DynamicContour { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(PriorRotation >= 0) || !double.IsFinite(PriorRotation))
        {
            throw new ArgumentException("The rotation prior must be a finite number ≥ 0.");
        }

        if (RoundIterations < 1)
        {
            throw new ArgumentException("Iterations per round must be at least 1.");
        }
    }
}
