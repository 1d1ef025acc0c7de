using System.Numerics.Tensors;
using Facebench.Contracts;
using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Fitting.Photometric;

/// <summary>
/// The geometry of an analysis-by-synthesis fit, shared by every objective that renders a <see cref="PhotometricBasis"/>
/// (the photometric fit, GANFIT's joint last stage): the variables g = [ω (3), t (3), α (K_id), β (K_exp)], their
/// vertices and placement (<c>R = exp([ω]×)·R₀</c>, positions = mean + Σ c_k·U_k), the chain rule from the renderer's
/// reverse pass back to g, and the landmark term on the same variables.
/// <para>
/// Chain rule: with ∂E/∂R, ∂E/∂t and ∂E/∂positions from <see cref="DifferentiableRenderer.Backward"/>,
/// ∂E/∂ω_k = ⟨∂E/∂R, ∂R/∂ω_k⟩ (the derivative of the exponential map at ω, Gallego &amp; Yezzi 2015),
/// ∂E/∂t = ∂E/∂t and ∂E/∂c_k = ⟨U_k, ∂E/∂positions⟩ (σ-scaled columns of the basis). The landmark term is
/// <see cref="LandmarkObjective"/>'s mean squared distance in crop pixels over the landmarks in use (its own priors off:
/// the objectives add theirs).
/// </para>
/// Holds the last rendered geometry so that an appearance-only step does not rasterise again. Allocation-free after
/// construction; one instance per thread (it drives one renderer).
/// </summary>
public sealed class GeometryChain
{
    private readonly PhotometricBasis _basis;
    private readonly LandmarkObjective _landmarks;
    private readonly DifferentiableRenderer _renderer;
    private readonly int _kShape;
    private readonly double[] _positions;
    private readonly double[] _landmarkX;
    private readonly double[] _landmarkGradient;
    private readonly double[] _landmarkPlus;
    private readonly double[] _landmarkMinus;
    private readonly double[] _lastGeometry;

    private RenderCamera _camera;
    private bool _valid;
    private Mat3 _dR0;
    private Mat3 _dR1;
    private Mat3 _dR2;

    /// <summary>Creates the chain for a gathered basis, its landmark rows, and the renderer it drives.</summary>
    public GeometryChain(PhotometricBasis basis, LandmarkBasis landmarks, DifferentiableRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(landmarks);
        ArgumentNullException.ThrowIfNull(renderer);
        if (landmarks.IdentityCount != basis.IdentityCount || landmarks.ExpressionCount != basis.ExpressionCount)
        {
            throw new ArgumentException($"the landmark rows have {landmarks.IdentityCount} + {landmarks.ExpressionCount} components; the photometric basis {basis.IdentityCount} + {basis.ExpressionCount}.");
        }

        _basis = basis;
        _renderer = renderer;
        _landmarks = new LandmarkObjective(landmarks) { PriorIdentity = 0, PriorExpression = 0 };
        _kShape = basis.ShapeCount;
        Count = 6 + _kShape;
        _positions = new double[3 * basis.Mesh.VertexCount];
        _landmarkX = new double[Count];
        _landmarkGradient = new double[Count];
        _landmarkPlus = new double[Count];
        _landmarkMinus = new double[Count];
        _lastGeometry = new double[Count];
        ReferenceRotation = Mat3.Flip180X;
    }

    /// <summary>Number of geometry variables: 6 + K_id + K_exp.</summary>
    public int Count { get; }

    /// <summary>The gathered model rows.</summary>
    public PhotometricBasis Basis => _basis;

    /// <summary>The renderer whose geometry this chain sets.</summary>
    public DifferentiableRenderer Renderer => _renderer;

    /// <summary>The reference rotation R₀ (camera from model).</summary>
    public Mat3 ReferenceRotation { get; private set; }

    /// <summary>The crop camera.</summary>
    public RenderCamera Camera => _camera;

    /// <summary>Landmarks in use.</summary>
    public int LandmarksUsed { get; private set; }

    /// <summary>Model-frame positions of the last geometry set (3M).</summary>
    public ReadOnlySpan<double> Positions => _positions;

    /// <summary>∂R/∂ω_k at the last geometry set, k = 0, 1, 2.</summary>
    public (Mat3 D0, Mat3 D1, Mat3 D2) RotationDerivatives => (_dR0, _dR1, _dR2);

    /// <summary>Sets the crop camera (perspective) and the observed landmarks in crop pixels (68, NaN = missing); returns the count in use.</summary>
    public int SetObservations(RenderCamera camera, ReadOnlySpan<Point2> landmarks, bool contours)
    {
        if (camera.Kind != ProjectionKind.Perspective)
        {
            throw new ArgumentException("the landmark term needs a perspective camera.");
        }

        _camera = camera;
        _landmarks.Camera = (camera.Focal, camera.Cx, camera.Cy);
        LandmarksUsed = _landmarks.SetObservations(landmarks, contours);
        _valid = false;
        return LandmarksUsed;
    }

    /// <summary>Sets R₀ (g's ω is an increment on it) without touching the landmark term (for rendering a result).</summary>
    public void Place(in Mat3 rotation)
    {
        ReferenceRotation = rotation;
        _valid = false;
    }

    /// <summary>Sets R₀ (g's ω is an increment on it) and starts the landmark term there, at geometry g (ω ignored).</summary>
    public void Start(in Mat3 rotation, ReadOnlySpan<double> geometry)
    {
        ReferenceRotation = rotation;
        _landmarks.Configure(nonRigid: true, fitScale: false, rotation, new Vec3(geometry[3], geometry[4], geometry[5]), 1, geometry.Slice(6, _kShape), _landmarkX);
        _valid = false;
    }

    /// <summary>
    /// Sets the renderer's geometry to g (the first <see cref="Count"/> values of <paramref name="geometry"/>) unless it is
    /// the one already rasterised; false when g is not finite.
    /// </summary>
    public bool Update(ReadOnlySpan<double> geometry)
    {
        geometry = geometry[..Count];
        if (_valid && geometry.SequenceEqual(_lastGeometry))
        {
            return true;
        }

        Mat3 increment = Rotations.AxisAngleDerivatives(new Vec3(geometry[0], geometry[1], geometry[2]), out Mat3 d0, out Mat3 d1, out Mat3 d2);
        Mat3 r0 = ReferenceRotation;
        _dR0 = d0 * r0;
        _dR1 = d1 * r0;
        _dR2 = d2 * r0;
        if (!TensorPrimitives.IsFiniteAll<double>(geometry))
        {
            return false;
        }

        _basis.EvaluateShape(geometry[6..], _positions);
        _renderer.SetGeometry(_positions, increment * r0, new Vec3(geometry[3], geometry[4], geometry[5]), 1, _camera);
        geometry.CopyTo(_lastGeometry);
        _valid = true;
        return true;
    }

    /// <summary>Forgets the rasterised geometry (the next <see cref="Update"/> renders again).</summary>
    public void Invalidate() => _valid = false;

    /// <summary>Writes ∂E/∂g (<see cref="Count"/> values) from the renderer's reverse pass (geometry gradients computed).</summary>
    public void Backpropagate(RenderGradients gradients, Span<double> gradient)
    {
        gradient[0] = Mat3.FrobeniusDot(gradients.Rotation, _dR0);
        gradient[1] = Mat3.FrobeniusDot(gradients.Rotation, _dR1);
        gradient[2] = Mat3.FrobeniusDot(gradients.Rotation, _dR2);
        gradient[3] = gradients.Translation.X;
        gradient[4] = gradients.Translation.Y;
        gradient[5] = gradients.Translation.Z;
        for (int k = 0; k < _kShape; k++)
        {
            gradient[6 + k] = TensorPrimitives.Dot(_basis.ShapeColumn(k), gradients.Positions);
        }
    }

    /// <summary>
    /// Adds the landmark term <c>(w / L)·E_lmk(g)</c> and, unless <paramref name="gradient"/> is empty, its gradient
    /// (added to the first <see cref="Count"/> values). Returns the term's value (0 without landmarks or weight).
    /// </summary>
    public double AddLandmarks(ReadOnlySpan<double> geometry, double weight, Span<double> gradient)
    {
        if (LandmarksUsed == 0 || weight <= 0)
        {
            return 0;
        }

        geometry[..Count].CopyTo(_landmarkX);
        double scale = weight / LandmarksUsed;
        double value = scale * _landmarks.EvaluateNatural(_landmarkX, _landmarkGradient);
        if (!gradient.IsEmpty)
        {
            TensorPrimitives.MultiplyAdd(_landmarkGradient, scale, gradient[..Count], gradient[..Count]);
        }

        return value;
    }

    /// <summary>
    /// Adds the landmark term's Hessian (weight w) at geometry g to the top-left <see cref="Count"/> × <see cref="Count"/>
    /// block of the row-major n × n matrix <paramref name="h"/>, by central differences of its analytic gradient.
    /// </summary>
    public void AddLandmarkHessian(ReadOnlySpan<double> geometry, double weight, Span<double> h, int n)
    {
        if (LandmarksUsed == 0 || weight <= 0)
        {
            return;
        }

        int count = Count;
        double scale = weight / LandmarksUsed;
        geometry[..count].CopyTo(_landmarkX);
        for (int j = 0; j < count; j++)
        {
            double step = j < 3 ? 1e-6 : j < 6 ? 1e-4 : 1e-5;
            double original = _landmarkX[j];
            _landmarkX[j] = original + step;
            _landmarks.EvaluateNatural(_landmarkX, _landmarkPlus);
            _landmarkX[j] = original - step;
            _landmarks.EvaluateNatural(_landmarkX, _landmarkMinus);
            _landmarkX[j] = original;
            for (int i = 0; i < count; i++)
            {
                double v = 0.5 * scale * (_landmarkPlus[i] - _landmarkMinus[i]) / (2 * step);
                h[(i * n) + j] += v;
                h[(j * n) + i] += v;
            }
        }
    }

    /// <summary>The landmarks' projections (crop pixels, NaN where not used) and their RMS distance to the observations at g.</summary>
    public double ProjectLandmarks(ReadOnlySpan<double> geometry, Span<Point2> fitted)
    {
        Mat3 r = Rotations.FromAxisAngle(new Vec3(geometry[0], geometry[1], geometry[2])) * ReferenceRotation;
        Span<double> x = stackalloc double[Count];
        _landmarks.Configure(nonRigid: true, fitScale: false, r, new Vec3(geometry[3], geometry[4], geometry[5]), 1, geometry.Slice(6, _kShape), x);
        double rmse = _landmarks.Project(x, fitted);
        _landmarks.Configure(nonRigid: true, fitScale: false, ReferenceRotation, new Vec3(_lastGeometry[3], _lastGeometry[4], _lastGeometry[5]), 1, _lastGeometry.AsSpan(6, _kShape), x);
        return rmse;
    }

    /// <summary>
    /// Image motion of the surface point seen at pixel <paramref name="p"/> of the last render: <c>M = Σ_k b_k·J_π(X_k)·∂X_k/∂g</c>,
    /// 2 × <see cref="Count"/>, written row-major (x row, then y row) into <paramref name="motion"/>. With the colour's
    /// screen-space gradient ∂c/∂p, the pixel's geometry Jacobian is <c>−(∂c/∂p)·M</c> (the renderer's convention: moving
    /// the triangle by δ is moving the pixel centre by −δ).
    /// </summary>
    public void ImageMotion(int p, Span<double> motion)
    {
        int count = Count;
        motion[..(2 * count)].Clear();
        ReadOnlySpan<int> tri = _basis.Mesh.Triangles;
        int f = _renderer.TriangleAt[p];
        double b1 = _renderer.Barycentric1[p], b2 = _renderer.Barycentric2[p];
        Mat3 r = _renderer.Placement.Rotation;
        ReadOnlySpan<double> camera = _renderer.CameraPositions;
        double f0 = _camera.Focal;
        for (int k = 0; k < 3; k++)
        {
            int vertex = tri[(3 * f) + k];
            double b = k == 0 ? 1 - b1 - b2 : k == 1 ? b1 : b2;
            double cx = camera[3 * vertex], cy = camera[(3 * vertex) + 1], cz = camera[(3 * vertex) + 2];
            double fz = b * f0 / cz;

            // A = b_k·J_π: rows (fz, 0, −fz·X/Z) and (0, fz, −fz·Y/Z).
            double a00 = fz, a02 = -fz * cx / cz, a11 = fz, a12 = -fz * cy / cz;
            var x = new Vec3(_positions[3 * vertex], _positions[(3 * vertex) + 1], _positions[(3 * vertex) + 2]);
            AddMotion(motion, count, 0, _dR0 * x, a00, a02, a11, a12);
            AddMotion(motion, count, 1, _dR1 * x, a00, a02, a11, a12);
            AddMotion(motion, count, 2, _dR2 * x, a00, a02, a11, a12);
            motion[3] += a00;
            motion[count + 4] += a11;
            motion[5] += a02;
            motion[count + 5] += a12;

            // P = A·R (2 × 3); column m of the shape basis at this vertex maps through P.
            double p00 = (a00 * r.M00) + (a02 * r.M20), p01 = (a00 * r.M01) + (a02 * r.M21), p02 = (a00 * r.M02) + (a02 * r.M22);
            double p10 = (a11 * r.M10) + (a12 * r.M20), p11 = (a11 * r.M11) + (a12 * r.M21), p12 = (a11 * r.M12) + (a12 * r.M22);
            for (int m = 0; m < _kShape; m++)
            {
                ReadOnlySpan<double> column = _basis.ShapeColumn(m);
                double ux = column[3 * vertex], uy = column[(3 * vertex) + 1], uz = column[(3 * vertex) + 2];
                motion[6 + m] += (p00 * ux) + (p01 * uy) + (p02 * uz);
                motion[count + 6 + m] += (p10 * ux) + (p11 * uy) + (p12 * uz);
            }
        }
    }

    /// <summary>
    /// The screen-space gradient (∂c/∂x, ∂c/∂y) of the Gouraud-interpolated vertex colour inside the triangle that covers
    /// pixel <paramref name="p"/> (per-vertex albedo), three values each: the colours are affine in the barycentrics.
    /// </summary>
    public void VertexColourGradient(int p, Span<double> dcdx, Span<double> dcdy)
    {
        ReadOnlySpan<int> tri = _basis.Mesh.Triangles;
        int f = _renderer.TriangleAt[p];
        int v0 = tri[3 * f], v1 = tri[(3 * f) + 1], v2 = tri[(3 * f) + 2];
        ScreenBarycentricGradients(v0, v1, v2, out double gx0, out double gx1, out double gx2, out double gy0, out double gy1, out double gy2);
        ReadOnlySpan<double> colours = _renderer.VertexColours;
        for (int c = 0; c < 3; c++)
        {
            dcdx[c] = (colours[(3 * v0) + c] * gx0) + (colours[(3 * v1) + c] * gx1) + (colours[(3 * v2) + c] * gx2);
            dcdy[c] = (colours[(3 * v0) + c] * gy0) + (colours[(3 * v1) + c] * gy1) + (colours[(3 * v2) + c] * gy2);
        }
    }

    /// <summary>∂b_i/∂x and ∂b_i/∂y of the screen-space barycentrics of triangle (v0, v1, v2) of the last render.</summary>
    public void ScreenBarycentricGradients(int v0, int v1, int v2, out double gx0, out double gx1, out double gx2, out double gy0, out double gy1, out double gy2)
    {
        ReadOnlySpan<double> q = _renderer.ScreenPositions;
        double x0 = q[2 * v0], y0 = q[(2 * v0) + 1], x1 = q[2 * v1], y1 = q[(2 * v1) + 1], x2 = q[2 * v2], y2 = q[(2 * v2) + 1];
        double invD = 1.0 / (((x1 - x0) * (y2 - y0)) - ((y1 - y0) * (x2 - x0)));
        gx0 = (y1 - y2) * invD;
        gx1 = (y2 - y0) * invD;
        gx2 = (y0 - y1) * invD;
        gy0 = (x2 - x1) * invD;
        gy1 = (x0 - x2) * invD;
        gy2 = (x1 - x0) * invD;
    }

    private static void AddMotion(Span<double> motion, int count, int variable, Vec3 dx, double a00, double a02, double a11, double a12)
    {
        motion[variable] += (a00 * dx.X) + (a02 * dx.Z);
        motion[count + variable] += (a11 * dx.Y) + (a12 * dx.Z);
    }
}
