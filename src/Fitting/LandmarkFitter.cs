using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Fitting;

/// <summary>
/// Fits a morphable model to 68 2D landmarks under a pinhole camera, in three steps:
/// <list type="number">
/// <item>closed-form rigid initialisation: the Gold Standard affine camera from the static landmarks of the mean
/// shape (<see cref="AffineCamera.Estimate"/>), turned into a perspective pose;</item>
/// <item>rigid L-BFGS on rotation and translation (and scale, optionally) with the mean shape, contour landmarks
/// sliding along the projected outline;</item>
/// <item>joint non-rigid L-BFGS on identity, expression and pose with the Gaussian prior
/// (<see cref="LandmarkObjective"/>).</item>
/// </list>
/// The model rows are gathered once (<see cref="LandmarkBasis"/>); a fit touches only them, and all buffers
/// live in this instance, so <see cref="Fit"/> does not allocate. An instance is for one thread at a time.
/// </summary>
public sealed class LandmarkFitter
{
    /// <summary>The affine initialisation needs this many static landmarks (4 determine it; 6 make it robust).</summary>
    public const int MinimumStaticLandmarks = 4;

    /// <summary>A fit needs at least this many usable landmarks in total.</summary>
    public const int MinimumLandmarks = 6;

    private readonly LandmarkObjective _objective;
    private readonly Lbfgs _lbfgs;
    private readonly double[] _x;
    private readonly double[] _coefficients;
    private readonly double[] _initModel = new double[LandmarkEmbedding.IbugCount * 3];
    private readonly double[] _initImage = new double[LandmarkEmbedding.IbugCount * 2];
    private readonly Point2[] _fitted = new Point2[LandmarkEmbedding.IbugCount];

    /// <summary>Creates a fitter for a model; gathers its landmark rows.</summary>
    public LandmarkFitter(IMorphableModel model, LandmarkFitterOptions? options = null)
        : this(new LandmarkBasis(model, (options ?? new()).IdentityCount, (options ?? new()).ExpressionCount), options)
    {
    }

    /// <summary>Creates a fitter on already gathered rows (several fitters on different threads may share them).</summary>
    public LandmarkFitter(LandmarkBasis basis, LandmarkFitterOptions? options = null)
    {
        Options = options ?? new LandmarkFitterOptions();
        Options.Validate();
        Basis = basis;
        _objective = new LandmarkObjective(basis)
        {
            PriorIdentity = Options.PriorIdentity,
            PriorExpression = Options.PriorExpression,
            HuberDelta = Options.HuberDelta,
        };
        _lbfgs = new Lbfgs(7 + basis.ComponentCount, Options.Memory) { Tolerance = Options.Tolerance };
        _x = new double[7 + basis.ComponentCount];
        _coefficients = new double[basis.ComponentCount];
    }

    /// <summary>The settings.</summary>
    public LandmarkFitterOptions Options { get; }

    /// <summary>The gathered model rows.</summary>
    public LandmarkBasis Basis { get; }

    /// <summary>The objective (exposed for diagnostics and benchmarks).</summary>
    public LandmarkObjective Objective => _objective;

    /// <summary>Fitted rotation, camera from model.</summary>
    public Mat3 Rotation { get; private set; }

    /// <summary>Fitted translation (model units, camera frame).</summary>
    public Vec3 Translation { get; private set; }

    /// <summary>Fitted scale (1 unless <see cref="LandmarkFitterOptions.FitScale"/>).</summary>
    public double Scale { get; private set; } = 1;

    /// <summary>Fitted coefficients [α; β] in σ units (length K_id + K_exp).</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>The 68 fitted landmark positions (NaN where not used).</summary>
    public ReadOnlySpan<Point2> FittedLandmarks => _fitted;

    /// <summary>RMS distance in px between fitted and observed landmarks in use.</summary>
    public double RmsePx { get; private set; }

    /// <summary>Landmarks used by the last fit.</summary>
    public int LandmarksUsed { get; private set; }

    /// <summary>Report of the rigid L-BFGS run.</summary>
    public LbfgsReport RigidReport { get; private set; }

    /// <summary>Report of the non-rigid L-BFGS run.</summary>
    public LbfgsReport NonRigidReport { get; private set; }

    /// <summary>Wall time of the last fit, ms.</summary>
    public double FitTimeMs { get; private set; }

    /// <summary>
    /// Fits the model to <paramref name="landmarks"/> (68 points, iBUG order, NaN = missing) seen by a pinhole
    /// camera with focal length <paramref name="focalLength"/> and principal point (cx, cy), all in pixels.
    /// Results are in this instance's properties until the next call; <see cref="ToResult"/> copies them into a record.
    /// </summary>
    /// <exception cref="InsufficientLandmarksException">Fewer than 6 usable landmarks, or fewer than 4 static ones.</exception>
    public void Fit(ReadOnlySpan<Point2> landmarks, double focalLength, double cx, double cy)
    {
        long start = Stopwatch.GetTimestamp();
        if (!(focalLength > 0) || !double.IsFinite(cx) || !double.IsFinite(cy))
        {
            throw new ArgumentException($"The camera needs a positive focal length and a finite principal point (f = {focalLength}, c = ({cx}, {cy})).");
        }

        LandmarkObjective objective = _objective;
        objective.Camera = (focalLength, cx, cy);
        int used = objective.SetObservations(landmarks, Options.Contours);
        LandmarksUsed = used;
        if (used < MinimumLandmarks || objective.StaticCount < MinimumStaticLandmarks)
        {
            throw new InsufficientLandmarksException(
                $"only {used} of 68 landmarks are usable (observed, finite and mapped by model '{Basis.Model.Name}'), {objective.StaticCount} of them at fixed vertices; " +
                $"a fit needs at least {MinimumLandmarks}, with at least {MinimumStaticLandmarks} fixed ones for the initial pose");
        }

        // 1. Closed-form initialisation from the mean shape's static landmarks.
        int n = 0;
        Vec3 centroid = Vec3.Zero;
        foreach (int i in objective.StaticLandmarks)
        {
            ReadOnlySpan<double> mean = Basis.LandmarkMean(i);
            mean.CopyTo(_initModel.AsSpan(3 * n, 3));
            centroid += Vec3.Read(mean);
            Point2 o = objective.Observed(i);
            _initImage[2 * n] = o.X;
            _initImage[(2 * n) + 1] = o.Y;
            n++;
        }

        centroid /= n;
        AffineCamera affine;
        try
        {
            affine = AffineCamera.Estimate(_initModel.AsSpan(0, 3 * n), _initImage.AsSpan(0, 2 * n));
        }
        catch (ArgumentException e)
        {
            throw new InsufficientLandmarksException($"the usable landmarks do not determine an initial pose: {e.Message}");
        }

        (Mat3 rotation, Vec3 translation) = affine.ToPerspectivePose(focalLength, cx, cy, centroid);
        double scale = 1;
        Array.Clear(_coefficients);

        // 2. Rigid stage: pose only, mean shape.
        Span<double> x = _x;
        objective.Configure(nonRigid: false, Options.FitScale, rotation, translation, scale, _coefficients, x);
        Span<double> z = x[..objective.Dimension];
        objective.Precondition(z);
        RigidReport = _lbfgs.Minimize(objective, z, Options.RigidIterations);
        objective.Unscale(z);
        objective.Decode(z, out rotation, out translation, out scale, _coefficients);

        // 3. Joint stage: shape, expression and pose (skipped when its iteration limit is 0: a rigid-only fit).
        if (Options.Iterations == 0)
        {
            Rotation = rotation;
            Translation = translation;
            Scale = scale;
            NonRigidReport = RigidReport;
            RmsePx = objective.Project(z, _fitted);
            FitTimeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return;
        }

        // In rounds: each round re-linearises (a fresh Gauss–Newton preconditioner at the current point, a fresh
        // L-BFGS memory) so that a preconditioner gone stale as the pose moves does not slow convergence down.
        int remaining = Options.Iterations;
        int iterations = 0, evaluations = 0;
        LbfgsReport report = default;
        do
        {
            objective.Configure(nonRigid: true, Options.FitScale, rotation, translation, scale, _coefficients, x);
            z = x[..objective.Dimension];
            objective.Precondition(z);
            report = _lbfgs.Minimize(objective, z, Math.Min(remaining, Options.RoundIterations));
            objective.Unscale(z);
            objective.Decode(z, out rotation, out translation, out scale, _coefficients);
            iterations += report.Iterations;
            evaluations += report.Evaluations;
            remaining -= report.Iterations;
        }
        while (report.Status == LbfgsStatus.MaxIterations && remaining > 0);

        NonRigidReport = report with { Iterations = iterations, Evaluations = evaluations };
        Rotation = rotation;
        Translation = translation;
        Scale = scale;
        RmsePx = objective.Project(z, _fitted);
        FitTimeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Copies the last fit into a result record (allocates; the stage stores it as a facet).</summary>
    public LandmarkFitResult ToResult(CameraIntrinsics camera)
    {
        int kid = Basis.IdentityCount;
        float[] identity = new float[kid];
        float[] expression = new float[Basis.ExpressionCount];
        for (int j = 0; j < kid; j++)
        {
            identity[j] = (float)_coefficients[j];
        }

        for (int j = 0; j < expression.Length; j++)
        {
            expression[j] = (float)_coefficients[kid + j];
        }

        RigidPose pose = HeadPose.ToRigidPose(Rotation, Translation, Scale);
        return new LandmarkFitResult
        {
            Parameters = new FaceParameters(identity, expression, pose, HeadPose.ToHeadAngles(Rotation)),
            Camera = camera,
            FittedLandmarks = [.. _fitted],
            LandmarksUsed = LandmarksUsed,
            RmsePx = RmsePx,
            RigidIterations = RigidReport.Iterations,
            NonRigidIterations = NonRigidReport.Iterations,
            Evaluations = RigidReport.Evaluations + NonRigidReport.Evaluations,
            FinalLoss = NonRigidReport.Value,
            Converged = NonRigidReport.Status == LbfgsStatus.Converged,
            FitTimeMs = FitTimeMs,
        };
    }
}
