using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Fitting.Photometric;

/// <summary>
/// Fits a morphable model and a texture model to a photo by analysis by synthesis, starting from a landmark fit, with
/// the schedule of photometric_optimization (landmarks first, then everything) made quasi-Newton:
/// <list type="number">
/// <item>crop a square around the landmarks and resample it to <see cref="PhotometricFitterOptions.ImageSize"/>
/// (<see cref="PhotoCrop"/>); the landmark fit's pose and shape are the start (the "landmarks first" stage);</item>
/// <item>appearance stage: albedo and lighting with the geometry frozen (no rasterisation per step): alternating
/// least squares (<see cref="PhotometricObjective.SolveAppearance"/>), then L-BFGS for the robust penalty;</item>
/// <item>joint stage: everything by preconditioned L-BFGS on <see cref="PhotometricObjective"/>, in rounds that
/// re-linearise the Gauss–Newton preconditioner (as <see cref="LandmarkFitter"/> does).</item>
/// </list>
/// Why L-BFGS and not Adam: with the Gauss–Newton preconditioner the joint problem is close to a unit quadratic, on
/// which L-BFGS takes Newton-like steps with a line search, where Adam needs hundreds of small fixed-rate steps (the
/// optimiser experiment in bench/Rendering.Benchmarks measures both on the same objective). All buffers live in the
/// instance: a fit allocates only its result. One instance per thread.
/// </summary>
public sealed class PhotometricFitter
{
    private const int Light = SphericalHarmonics.CoefficientCount;

    /// <summary>Alternating least-squares sweeps (lighting, then albedo) that start the appearance stage.</summary>
    private const int AppearanceSweeps = 3;

    private readonly PhotometricObjective _objective;
    private readonly Lbfgs _lbfgs;
    private readonly double[] _x;
    private readonly double[] _z;
    private readonly double[] _crop;
    private readonly double[] _lightingPrior = new double[Light];
    private readonly Point2[] _cropLandmarks = new Point2[LandmarkEmbedding.IbugCount];
    private readonly Point2[] _fitted = new Point2[LandmarkEmbedding.IbugCount];

    /// <summary>Creates a fitter for a model and a texture model (gathers the rows once).</summary>
    public PhotometricFitter(IMorphableModel model, ITextureModel texture, PhotometricFitterOptions? options = null)
        : this(Gather(model, texture, options ?? new()), options)
    {
    }

    /// <summary>Creates a fitter on already gathered rows (several fitters on different threads may share them).</summary>
    public PhotometricFitter((PhotometricBasis Photometric, LandmarkBasis Landmarks) basis, PhotometricFitterOptions? options = null)
    {
        Options = options ?? new PhotometricFitterOptions();
        Options.Validate();
        int size = Options.ImageSize;
        _objective = new PhotometricObjective(basis.Photometric, basis.Landmarks, size, size) { Weights = Options.Weights };
        _objective.Renderer.Threads = Options.RenderThreads;
        _lbfgs = new Lbfgs(_objective.VariableCount, Options.Memory) { Tolerance = Options.Tolerance };
        _x = new double[_objective.VariableCount];
        _z = new double[_objective.VariableCount];
        _crop = new double[size * size * 3];
        SphericalHarmonics.AmbientAndDirectional(1, 0, (0, 0, -1), (1, 1, 1), _lightingPrior);
    }

    /// <summary>The settings.</summary>
    public PhotometricFitterOptions Options { get; }

    /// <summary>The objective (its renderer holds the last render).</summary>
    public PhotometricObjective Objective => _objective;

    /// <summary>Gathers the photometric and landmark rows for a model pair.</summary>
    public static (PhotometricBasis Photometric, LandmarkBasis Landmarks) Gather(IMorphableModel model, ITextureModel texture, PhotometricFitterOptions options)
    {
        var photometric = new PhotometricBasis(model, texture, options.IdentityCount, options.ExpressionCount, options.TextureCount, options.TextureSize);
        return (photometric, new LandmarkBasis(model, photometric.IdentityCount, photometric.ExpressionCount));
    }

    /// <summary>
    /// Fits the photo, starting from a landmark fit (<paramref name="start"/>: pose in the photo's camera and shape
    /// coefficients), with the observed landmarks (68, photo pixels, NaN = missing).
    /// </summary>
    /// <exception cref="ArgumentException">Non-finite start, or no usable landmarks to place the crop.</exception>
    /// <exception cref="InvalidOperationException">The model does not cover the face region of the crop.</exception>
    /// <param name="photo">The photo.</param>
    /// <param name="camera">Its camera.</param>
    /// <param name="landmarks">Its 68 observed landmarks.</param>
    /// <param name="start">The landmark fit to start from.</param>
    /// <param name="startRendered">
    /// Called once the start (landmark-fit geometry with fitted albedo and lighting) is rendered into
    /// <see cref="Objective"/>'s renderer, with the crop, so that a caller can measure the start as it measures the fit
    /// (e.g. an identity cosine) without a second render path; null for none.
    /// </param>
    public PhotometricFit Fit(ImageBuffer photo, CameraIntrinsics camera, ReadOnlySpan<Point2> landmarks, LandmarkFitResult start, Action<PhotometricObjective, BoundingBox>? startRendered = null)
    {
        long begin = Stopwatch.GetTimestamp();
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(start);
        if (landmarks.Length != LandmarkEmbedding.IbugCount)
        {
            throw new ArgumentException($"expected {LandmarkEmbedding.IbugCount} landmarks, got {landmarks.Length}.", nameof(landmarks));
        }

        PhotometricObjective objective = _objective;
        PhotometricBasis basis = objective.Basis;
        // 1. The crop and the start: the landmark fit's pose and shape ("landmarks first"), mean albedo, white light.
        (Mat3 rotation, BoundingBox crop) = Prepare(photo, camera, landmarks, start, _x);
        double x0 = crop.X, y0 = crop.Y, k = Options.ImageSize / crop.Width;

        // 2. Appearance on the landmark fit's geometry.
        int evaluations = 0;
        objective.Start(rotation, _x, _lightingPrior, geometryActive: false, _z);
        objective.SolveAppearance(AppearanceSweeps);
        objective.Natural.CopyTo(_x);
        objective.Start(rotation, _x, _lightingPrior, geometryActive: false, _z);
        LbfgsReport appearance = _lbfgs.Minimize(objective, _z.AsSpan(0, objective.Dimension), Options.AppearanceIterations);
        objective.Unscale(_z);
        evaluations += appearance.Evaluations;
        objective.Natural.CopyTo(_x);
        objective.Render(_x);
        (double initialMae, _, _) = objective.MaskError();
        startRendered?.Invoke(objective, crop);

        // 3. Everything, in rounds.
        int remaining = Options.Iterations, iterations = 0;
        LbfgsReport report = appearance;
        while (remaining > 0)
        {
            objective.Start(rotation, _x, _lightingPrior, geometryActive: true, _z);
            report = _lbfgs.Minimize(objective, _z.AsSpan(0, objective.Dimension), Math.Min(remaining, Options.RoundIterations));
            objective.Unscale(_z);
            objective.Natural.CopyTo(_x);
            rotation = Rotations.FromAxisAngle(new Vec3(_x[0], _x[1], _x[2])) * rotation;
            _x[0] = _x[1] = _x[2] = 0;
            iterations += report.Iterations;
            evaluations += report.Evaluations;
            remaining -= Math.Max(report.Iterations, 1);
            if (report.Status != LbfgsStatus.MaxIterations)
            {
                break;
            }
        }

        // The final render and its errors.
        objective.Place(rotation);
        objective.Render(_x);
        (double mae, double rmse, int maskPixels) = objective.MaskError();
        double landmarkRmse = objective.ProjectLandmarks(_x, _fitted) / k;
        for (int i = 0; i < _fitted.Length; i++)
        {
            Point2 p = _fitted[i];
            _fitted[i] = p.IsValid ? new Point2(((p.X + 0.5) / k) + x0 - 0.5, ((p.Y + 0.5) / k) + y0 - 0.5) : Point2.Missing;
        }

        var translation = new Vec3(_x[3], _x[4], _x[5]);
        return new PhotometricFit
        {
            Rotation = rotation,
            Translation = translation,
            Identity = [.. _x.AsSpan(6, basis.IdentityCount).ToArray().Select(v => (float)v)],
            Expression = [.. _x.AsSpan(6 + basis.IdentityCount, basis.ExpressionCount).ToArray().Select(v => (float)v)],
            TextureCoefficients = [.. _x.AsSpan(objective.TextureOffset, basis.TextureCount).ToArray().Select(v => (float)v)],
            Lighting = _x.AsSpan(objective.LightingOffset, Light).ToArray(),
            FittedLandmarks = [.. _fitted],
            PhotometricError = mae,
            PhotometricRmse = rmse,
            InitialPhotometricError = initialMae,
            LandmarkRmsePx = landmarkRmse,
            MaskPixels = maskPixels,
            Crop = crop,
            AppearanceIterations = appearance.Iterations,
            JointIterations = iterations,
            Evaluations = evaluations,
            FinalLoss = report.Value,
            Status = report.Status,
            FitTimeMs = Stopwatch.GetElapsedTime(begin).TotalMilliseconds,
        };
    }

    /// <summary>
    /// Sets the objective up for a photo, as <see cref="Fit"/> does before it optimises: crops a square around the
    /// observed landmarks, a little above their centre (the forehead has none), resamples it to the working size, maps
    /// the camera and the landmarks into the crop, and writes the start (the landmark fit's translation and shape, mean
    /// albedo, white ambient light; ω = 0) into <paramref name="x"/>. Returns the start's rotation and the crop square.
    /// Exposed so that other optimisers can be compared on exactly the same problem.
    /// </summary>
    /// <exception cref="ArgumentException">Non-finite start, or no usable landmarks to place the crop.</exception>
    public (Mat3 Rotation, BoundingBox Crop) Prepare(ImageBuffer photo, CameraIntrinsics camera, ReadOnlySpan<Point2> landmarks, LandmarkFitResult start, Span<double> x)
    {
        PhotometricObjective objective = _objective;
        PhotometricBasis basis = objective.Basis;
        int size = Options.ImageSize;
        (double x0, double y0, double side) = CropBox(landmarks, Options.CropScale);
        PhotoCrop.Extract(photo, x0, y0, side, size, size, _crop);
        RenderCamera cropCamera = RenderCamera.Perspective(camera).Cropped(x0, y0, side, size, size);
        double k = size / side;
        for (int i = 0; i < landmarks.Length; i++)
        {
            Point2 p = landmarks[i];
            _cropLandmarks[i] = p.IsValid ? new Point2(((p.X - x0 + 0.5) * k) - 0.5, ((p.Y - y0 + 0.5) * k) - 0.5) : Point2.Missing;
        }

        objective.SetPhoto(_crop, cropCamera, _cropLandmarks, Options.Contours);
        Mat3 rotation = Rotations.FromQuaternion(start.Parameters.Pose.Rotation);
        x[..objective.VariableCount].Clear();
        start.Parameters.Pose.Translation.AsSpan(0, 3).CopyTo(x.Slice(3, 3));
        for (int j = 0; j < basis.IdentityCount; j++)
        {
            x[6 + j] = j < start.Parameters.Identity.Length ? start.Parameters.Identity[j] : 0;
        }

        for (int j = 0; j < basis.ExpressionCount; j++)
        {
            x[6 + basis.IdentityCount + j] = j < start.Parameters.Expression.Length ? start.Parameters.Expression[j] : 0;
        }

        _lightingPrior.CopyTo(x.Slice(objective.LightingOffset, Light));
        foreach (double v in x[..objective.VariableCount])
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("the landmark fit to start from holds NaN or infinite values.", nameof(start));
            }
        }

        if (!double.IsFinite(rotation.Determinant))
        {
            throw new ArgumentException("the landmark fit to start from has a non-finite rotation.", nameof(start));
        }

        return (rotation, new BoundingBox(x0, y0, side, side));
    }

    /// <summary>The white ambient light (unit shading) fits start from and the lighting prior pulls towards.</summary>
    public ReadOnlySpan<double> StartLighting => _lightingPrior;

    /// <summary>
    /// The crop square for observed landmarks: centred on their bounding box, raised by a tenth of the box height
    /// (the forehead carries no landmark), <paramref name="scale"/> times the box's larger side. Returns the top-left
    /// pixel centre and the side, in photo pixels.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two valid landmarks, or a degenerate box.</exception>
    public static (double X0, double Y0, double Side) CropBox(ReadOnlySpan<Point2> landmarks, double scale)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        int count = 0;
        foreach (Point2 p in landmarks)
        {
            if (p.IsValid)
            {
                minX = Math.Min(minX, p.X);
                maxX = Math.Max(maxX, p.X);
                minY = Math.Min(minY, p.Y);
                maxY = Math.Max(maxY, p.Y);
                count++;
            }
        }

        double extent = Math.Max(maxX - minX, maxY - minY);
        if (count < 2 || !(extent > 1))
        {
            throw new ArgumentException($"{count} valid landmarks spanning {extent:F1} px do not place a face crop.");
        }

        double side = scale * extent;
        double cx = 0.5 * (minX + maxX), cy = (0.5 * (minY + maxY)) - (0.1 * (maxY - minY));
        return (cx - (0.5 * side) + 0.5, cy - (0.5 * side) + 0.5, side);
    }
}

/// <summary>The outcome of <see cref="PhotometricFitter.Fit"/> (photo camera, photo pixels).</summary>
public sealed record PhotometricFit
{
    /// <summary>Fitted rotation, camera from model.</summary>
    public required Mat3 Rotation { get; init; }

    /// <summary>Fitted translation, model units in the camera frame.</summary>
    public required Vec3 Translation { get; init; }

    /// <summary>Identity coefficients, σ units.</summary>
    public required float[] Identity { get; init; }

    /// <summary>Expression coefficients, σ units.</summary>
    public required float[] Expression { get; init; }

    /// <summary>Texture coefficients, σ units.</summary>
    public required float[] TextureCoefficients { get; init; }

    /// <summary>27 SH lighting coefficients.</summary>
    public required double[] Lighting { get; init; }

    /// <summary>The 68 landmarks of the fitted model in the photo (NaN where not used).</summary>
    public required Point2[] FittedLandmarks { get; init; }

    /// <summary>Mean absolute difference over the mask, grey levels.</summary>
    public double PhotometricError { get; init; }

    /// <summary>RMS difference over the mask, grey levels.</summary>
    public double PhotometricRmse { get; init; }

    /// <summary>Mean absolute difference after the appearance stage, on the landmark fit's geometry.</summary>
    public double InitialPhotometricError { get; init; }

    /// <summary>RMS landmark distance to the observations, photo pixels.</summary>
    public double LandmarkRmsePx { get; init; }

    /// <summary>Pixels in the final mask.</summary>
    public int MaskPixels { get; init; }

    /// <summary>The photo square that was cropped (top-left pixel centre and side).</summary>
    public required BoundingBox Crop { get; init; }

    /// <summary>Iterations of the appearance stage.</summary>
    public int AppearanceIterations { get; init; }

    /// <summary>Iterations of the joint stage.</summary>
    public int JointIterations { get; init; }

    /// <summary>Objective evaluations in all.</summary>
    public int Evaluations { get; init; }

    /// <summary>Final objective value.</summary>
    public double FinalLoss { get; init; }

    /// <summary>Why the last L-BFGS round stopped.</summary>
    public LbfgsStatus Status { get; init; }

    /// <summary>Wall time, milliseconds.</summary>
    public double FitTimeMs { get; init; }

    /// <summary>
    /// The fit's geometry as <see cref="GeometryChain"/> variables, g = [ω = 0, t, α, β], for a chain whose reference
    /// rotation is <see cref="Rotation"/> (as the fitter leaves its objective's): what a later stage starts from.
    /// </summary>
    public double[] GeometryVariables() =>
        [0, 0, 0, Translation.X, Translation.Y, Translation.Z, .. Identity.Select(v => (double)v), .. Expression.Select(v => (double)v)];
}
