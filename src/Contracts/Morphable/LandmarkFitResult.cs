namespace Facebench.Contracts.Morphable;

/// <summary>
/// The outcome of fitting a morphable model to one sample's 2D landmarks (the <c>fit.landmarks</c> stage):
/// the parameters, the fitted landmark positions, accuracy against the observations, and cost.
/// Stored under <see cref="FittingFacets.LandmarkFit"/>.
/// </summary>
public sealed record LandmarkFitResult
{
    /// <summary>Fitted identity and expression coefficients (σ units), pose and head angles.</summary>
    public required FaceParameters Parameters { get; init; }

    /// <summary>The camera the fit assumed (from the sample, or a default field of view).</summary>
    public required CameraIntrinsics Camera { get; init; }

    /// <summary>
    /// The 68 model landmarks projected with the fitted parameters, iBUG order; NaN where the landmark was not
    /// used (unobserved, or not mapped by the model). Contour landmarks are the fitted points on the model's
    /// projected contour that correspond to the observed jaw-line points.
    /// </summary>
    public required Point2[] FittedLandmarks { get; init; }

    /// <summary>Number of landmarks the fit used (observed and mapped).</summary>
    public int LandmarksUsed { get; init; }

    /// <summary>Root-mean-square distance in pixels between fitted and observed landmarks, over the landmarks used.</summary>
    public double RmsePx { get; init; }

    /// <summary>L-BFGS iterations of the rigid (pose-only) stage.</summary>
    public int RigidIterations { get; init; }

    /// <summary>L-BFGS iterations of the joint non-rigid stage (shape, expression and pose).</summary>
    public int NonRigidIterations { get; init; }

    /// <summary>Objective evaluations (value and gradient) over both stages.</summary>
    public int Evaluations { get; init; }

    /// <summary>Final objective: robust reprojection error in px² plus the weighted coefficient prior.</summary>
    public double FinalLoss { get; init; }

    /// <summary>True when the non-rigid stage met its convergence test before its iteration limit.</summary>
    public bool Converged { get; init; }

    /// <summary>Wall time of the fit in milliseconds (initialisation and both stages).</summary>
    public double FitTimeMs { get; init; }
}

/// <summary>Facet keys of landmark fitting.</summary>
public static class FittingFacets
{
    /// <summary>The result of <c>fit.landmarks</c>.</summary>
    public static readonly FacetKey<LandmarkFitResult> LandmarkFit = new("landmark_fit");
}
