using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Fitting.Articulated;

/// <summary>
/// Fits an articulated model (FLAME) to 68 landmarks: the rigid stages of <see cref="LandmarkFitter"/> on the rest
/// shape (closed-form affine initialisation, then rigid L-BFGS), then joint L-BFGS rounds on pose, identity,
/// expression and the rotations of the chosen joints (<see cref="ArticulatedLandmarkObjective"/>), re-selecting
/// FLAME's yaw-dependent jaw-line row and rebuilding the Gauss–Newton preconditioner at each round.
/// All buffers live in the instance: <see cref="Fit"/> does not allocate. One instance per thread.
/// </summary>
public sealed class ArticulatedLandmarkFitter
{
    private readonly IArticulatedModel _model;
    private readonly LandmarkFitter _rigid;
    private readonly ArticulatedLandmarkObjective _objective;
    private readonly Lbfgs _lbfgs;
    private readonly int[] _joints;
    private readonly int _neck;
    private readonly double[] _x;
    private readonly double[] _coefficients;
    private readonly double[] _rotations;
    private readonly Point2[] _fitted = new Point2[LandmarkEmbedding.IbugCount];

    /// <summary>Creates a fitter; gathers the model's landmark rows for the chosen joints.</summary>
    /// <exception cref="ArgumentException">A joint name the model does not have, or settings out of range.</exception>
    public ArticulatedLandmarkFitter(IArticulatedModel model, LandmarkFitterOptions? options = null, ArticulationOptions? articulation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new LandmarkFitterOptions();
        Articulation = articulation ?? new ArticulationOptions();
        Options.Validate();
        Articulation.Validate();
        _model = model;
        _joints = [.. Articulation.Joints.Select(name =>
        {
            int index = model.JointNames.ToList().IndexOf(name);
            return index > 0 ? index : throw new ArgumentException($"Model '{model.Name}' has no non-root joint '{name}'; its joints are {string.Join(", ", model.JointNames.Skip(1))}.");
        })];
        _neck = Array.IndexOf(_joints, model.JointNames.ToList().IndexOf("neck"));
        int kid = Options.IdentityCount < 0 ? model.IdentityCount : Math.Min(Options.IdentityCount, model.IdentityCount);
        int kexp = Options.ExpressionCount < 0 ? model.ExpressionCount : Math.Min(Options.ExpressionCount, model.ExpressionCount);
        IdentityCount = kid;
        _rigid = new LandmarkFitter(new LandmarkBasis(model, 0, 0), Options with { IdentityCount = 0, ExpressionCount = 0, Iterations = 0 });
        _objective = new ArticulatedLandmarkObjective(model, kid, kexp, _joints, Articulation.DynamicContour)
        {
            PriorIdentity = Options.PriorIdentity,
            PriorExpression = Options.PriorExpression,
            PriorRotation = Articulation.PriorRotation,
            HuberDelta = Options.HuberDelta,
        };
        int dimension = 7 + _objective.CoefficientCount + _objective.RotationCount;
        _lbfgs = new Lbfgs(dimension, Options.Memory) { Tolerance = Options.Tolerance };
        _x = new double[dimension];
        _coefficients = new double[_objective.CoefficientCount];
        _rotations = new double[_objective.RotationCount];
    }

    /// <summary>Fitting settings.</summary>
    public LandmarkFitterOptions Options { get; }

    /// <summary>Joint settings.</summary>
    public ArticulationOptions Articulation { get; }

    /// <summary>The objective (diagnostics, benchmarks, gradient tests).</summary>
    public ArticulatedLandmarkObjective Objective => _objective;

    /// <summary>Identity components fitted.</summary>
    public int IdentityCount { get; }

    /// <summary>Fitted rotation, camera from model.</summary>
    public Mat3 Rotation { get; private set; }

    /// <summary>Fitted translation.</summary>
    public Vec3 Translation { get; private set; }

    /// <summary>Fitted scale.</summary>
    public double Scale { get; private set; } = 1;

    /// <summary>Fitted coefficients [α; β].</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>Fitted rotations of the chosen joints (3 per joint, in <see cref="ArticulationOptions.Joints"/> order).</summary>
    public ReadOnlySpan<double> JointRotations => _rotations;

    /// <summary>The 68 fitted landmarks (NaN where unused).</summary>
    public ReadOnlySpan<Point2> FittedLandmarks => _fitted;

    /// <summary>RMS reprojection error, px.</summary>
    public double RmsePx { get; private set; }

    /// <summary>Landmarks used.</summary>
    public int LandmarksUsed { get; private set; }

    /// <summary>The rigid stage's report.</summary>
    public LbfgsReport RigidReport { get; private set; }

    /// <summary>The joint stage's report (iterations and evaluations summed over rounds).</summary>
    public LbfgsReport NonRigidReport { get; private set; }

    /// <summary>Contour row of the last round (−1 without a dynamic contour).</summary>
    public int ContourRow { get; private set; } = -1;

    /// <summary>Wall time of the last fit, ms.</summary>
    public double FitTimeMs { get; private set; }

    /// <summary>Fits the model to 68 landmarks (NaN = missing) seen by a pinhole camera (pixels).</summary>
    /// <exception cref="InsufficientLandmarksException">Too few usable landmarks.</exception>
    public void Fit(ReadOnlySpan<Point2> landmarks, double focalLength, double cx, double cy)
    {
        long start = Stopwatch.GetTimestamp();
        _rigid.Fit(landmarks, focalLength, cx, cy);
        RigidReport = _rigid.RigidReport;
        Mat3 rotation = _rigid.Rotation;
        Vec3 translation = _rigid.Translation;
        double scale = _rigid.Scale;
        Array.Clear(_coefficients);
        Array.Clear(_rotations);

        ArticulatedLandmarkObjective objective = _objective;
        objective.Camera = (focalLength, cx, cy);
        objective.SetObservations(landmarks);
        int remaining = Options.Iterations, iterations = 0, evaluations = 0;
        LbfgsReport report = RigidReport;
        Span<double> z = _x;
        while (remaining > 0)
        {
            ContourRow = objective.Contour is { } table ? table.RowForYaw(HeadYaw.Degrees(rotation, NeckRotation())) : -1;
            LandmarksUsed = objective.SelectPoints(ContourRow);
            if (LandmarksUsed < LandmarkFitter.MinimumLandmarks)
            {
                throw new InsufficientLandmarksException($"only {LandmarksUsed} of 68 landmarks are usable by model '{_model.Name}'; a fit needs at least {LandmarkFitter.MinimumLandmarks}");
            }

            objective.Configure(Options.FitScale, rotation, translation, scale, _coefficients, _rotations, z);
            z = _x.AsSpan(0, objective.Dimension);
            objective.Precondition(z);
            report = _lbfgs.Minimize(objective, z, Math.Min(remaining, Articulation.RoundIterations));
            objective.Unscale(z);
            objective.Decode(z, out rotation, out translation, out scale, _coefficients, _rotations);
            iterations += report.Iterations;
            evaluations += report.Evaluations;
            remaining -= Math.Max(1, report.Iterations);

            // Another round when the iteration budget of this one ran out, or when the head turned enough to move
            // the jaw line to another contour row (the objective changed).
            int row = objective.Contour is { } t ? t.RowForYaw(HeadYaw.Degrees(rotation, NeckRotation())) : -1;
            if (report.Status != LbfgsStatus.MaxIterations && row == ContourRow)
            {
                break;
            }
        }

        NonRigidReport = report with { Iterations = iterations, Evaluations = evaluations };
        Rotation = rotation;
        Translation = translation;
        Scale = scale;
        RmsePx = Options.Iterations > 0 ? objective.Project(z, _fitted) : _rigid.RmsePx;
        if (Options.Iterations == 0)
        {
            _rigid.FittedLandmarks.CopyTo(_fitted);
            LandmarksUsed = _rigid.LandmarksUsed;
        }

        FitTimeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>All joint rotations of the model (3·J; zero for joints not fitted), e.g. for <see cref="IArticulatedModel.EvaluatePosed"/>.</summary>
    public double[] FullJointRotations()
    {
        var full = new double[3 * _model.JointCount];
        for (int v = 0; v < _joints.Length; v++)
        {
            Array.Copy(_rotations, 3 * v, full, 3 * _joints[v], 3);
        }

        return full;
    }

    /// <summary>Copies the last fit into a result record (allocates).</summary>
    public LandmarkFitResult ToResult(CameraIntrinsics camera)
    {
        float[] identity = [.. _coefficients.Take(IdentityCount).Select(v => (float)v)];
        float[] expression = [.. _coefficients.Skip(IdentityCount).Select(v => (float)v)];
        return new LandmarkFitResult
        {
            Parameters = new FaceParameters(identity, expression, HeadPose.ToRigidPose(Rotation, Translation, Scale), HeadPose.ToHeadAngles(Rotation)),
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

    private Mat3 NeckRotation() =>
        _neck >= 0 ? Rotations.FromAxisAngle(new Vec3(_rotations[3 * _neck], _rotations[(3 * _neck) + 1], _rotations[(3 * _neck) + 2])) : Mat3.Identity;
}
