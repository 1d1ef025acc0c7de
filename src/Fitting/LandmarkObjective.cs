using System.Numerics.Tensors;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Fitting;

/// <summary>
/// The landmark fitting objective with its analytic gradient:
/// <code>
/// E(ω, t, s, c) = Σ_i ρ(‖π(s·R(ω)·R₀·p_i(c) + t) − o_i‖) + λ_id·‖α‖² + λ_exp·‖β‖²
/// </code>
/// where π is the pinhole projection (<see cref="Pinhole"/>), R(ω) = exp([ω]×) a rotation increment on the
/// reference rotation R₀ (axis-angle, derivatives by Gallego &amp; Yezzi 2015), p_i(c) = m_i + B_i·c the model
/// point of landmark i (<see cref="LandmarkBasis"/>), o_i the observed point in pixels, and ρ(e) = e² or, with a
/// Huber threshold δ, ρ(e) = e² for e ≤ δ and 2δe − δ² beyond (Huber 1964, applied to the point distance so that
/// it is isotropic). With ρ = e² and λ = σ² (σ the per-coordinate landmark noise in px) E is twice the negative
/// log-posterior of a Gaussian noise model with the N(0, I) coefficient prior (MAP estimate, as in Blanz &amp;
/// Vetter 2003 / eos's linear shape fitting), which is how λ should be read.
/// <para>
/// Contour (jaw-line) landmarks: instead of a fixed vertex, landmark i on the right or left outline is matched to
/// the point of the projected polyline through that side's candidate vertices that is closest to o_i:
/// <c>q_i = (1 − τ)·π(X_a) + τ·π(X_{a+1})</c>, with the segment a and τ ∈ [0, 1] chosen per evaluation. This is
/// eos's nearest-contour-vertex correspondence (Huber et al. 2016, "A multiresolution 3D morphable face model and
/// fitting framework", §3.2) made continuous: the residual is the distance from o_i to the projected outline, so
/// the correspondence slides as the pose and shape change inside every evaluation, and the objective has no jumps
/// that would break the line search. Its gradient treats (a, τ) as constant, which is exact almost everywhere by
/// Danskin's theorem (the derivative of a minimum over τ is the partial derivative at the minimiser).
/// </para>
/// <para>
/// Variables. The optimiser sees preconditioned variables z with <c>x = x₀ + L⁻ᵀ·z</c>, where
/// x = [ω (3), t (3), log s (if the scale is fitted), c (K, non-rigid mode only)] and L·Lᵀ = H_GN is the
/// Gauss–Newton Hessian <c>2·Σ w_i·J_iᵀJ_i + 2Λ</c> at the start x₀ of the stage (<see cref="Precondition"/>,
/// <see cref="CholeskyPreconditioner"/>). Radians, millimetres and σ units differ by orders of magnitude and the
/// landmarks couple pose and shape strongly; in z the problem is close to the identity-Hessian quadratic that
/// L-BFGS's H₀ = γI assumes, so it converges in a few tens of iterations instead of hundreds.
/// </para>
/// Allocation-free after construction; one instance per thread.
/// </summary>
public sealed class LandmarkObjective : IDifferentiableFunction
{
    private const int Ibug = LandmarkEmbedding.IbugCount;
    private const double MinDepth = 1e-6;

    private readonly LandmarkBasis _basis;
    private readonly int _k;

    // Observations and the landmarks in use.
    private readonly double[] _observed = new double[Ibug * 2];
    private readonly int[] _static = new int[Ibug];
    private readonly int[] _contour = new int[Ibug];
    private int _staticCount;
    private int _contourCount;

    // Model-frame points (68 landmark slots, then the candidates), their gradients, and per-candidate projections.
    private readonly double[] _points;
    private readonly double[] _pointGradient;
    private readonly double[] _candidateUv;
    private readonly double[] _candidateRotated;
    private readonly ProjectionJacobian[] _candidateJacobian;
    private readonly int[] _contourSegment = new int[Ibug];
    private readonly double[] _contourTau = new double[Ibug];

    // Variables.
    private readonly double[] _x;
    private readonly double[] _gx;
    private readonly double[] _coefficients;
    private readonly CholeskyPreconditioner _preconditioner;
    private readonly double[] _hessian;
    private readonly double[] _jacobianT;      // Jᵀ, n × 2·68 row-major: row j holds ∂r/∂x_j for every residual r
    private readonly int _residualCapacity = 2 * Ibug;

    /// <summary>Creates the objective for a gathered basis.</summary>
    public LandmarkObjective(LandmarkBasis basis)
    {
        _basis = basis;
        _k = basis.ComponentCount;
        int slots = Ibug + basis.CandidateCount;
        _points = new double[slots * 3];
        _pointGradient = new double[slots * 3];
        _candidateUv = new double[basis.CandidateCount * 2];
        _candidateRotated = new double[basis.CandidateCount * 3];
        _candidateJacobian = new ProjectionJacobian[basis.CandidateCount];
        int maxDimension = 7 + _k;
        _x = new double[maxDimension];
        _gx = new double[maxDimension];
        _coefficients = new double[_k];
        _preconditioner = new CholeskyPreconditioner(maxDimension);
        _hessian = new double[maxDimension * maxDimension];
        _jacobianT = new double[maxDimension * _residualCapacity];
        Camera = (1000, 0, 0);
    }

    /// <summary>The gathered model rows.</summary>
    public LandmarkBasis Basis => _basis;

    /// <summary>Pinhole intrinsics: focal length and principal point, pixels.</summary>
    public (double FocalLength, double Cx, double Cy) Camera { get; set; }

    /// <summary>λ_id, weight of ‖α‖² (px²; read it as the landmark noise variance σ²).</summary>
    public double PriorIdentity { get; set; } = 1;

    /// <summary>λ_exp, weight of ‖β‖² (px²).</summary>
    public double PriorExpression { get; set; } = 1;

    /// <summary>Huber threshold δ in pixels; 0 or less for the plain squared error.</summary>
    public double HuberDelta { get; set; }

    /// <summary>True: shape and expression coefficients are variables (non-rigid); false: only the pose (rigid).</summary>
    public bool NonRigid { get; private set; }

    /// <summary>True when log s is a variable; otherwise the scale stays at <see cref="Scale"/>.</summary>
    public bool FitScale { get; private set; }

    /// <summary>The reference rotation R₀ of the current stage (camera from model).</summary>
    public Mat3 ReferenceRotation { get; private set; } = Mat3.Flip180X;

    /// <summary>Fixed scale when <see cref="FitScale"/> is false; starting scale otherwise.</summary>
    public double Scale { get; private set; } = 1;

    /// <inheritdoc />
    public int Dimension => CoefficientOffset + (NonRigid ? _k : 0);

    /// <summary>Index of the first coefficient in x: 6, or 7 when the scale is fitted.</summary>
    public int CoefficientOffset => FitScale ? 7 : 6;

    /// <summary>Number of static (vertex-bound) landmarks in use.</summary>
    public int StaticCount => _staticCount;

    /// <summary>Number of sliding contour landmarks in use.</summary>
    public int ContourCount => _contourCount;


    /// <summary>
    /// Sets the observed landmarks (68, iBUG order, NaN = missing) and picks the ones to use: observed and
    /// bound to the model, plus (when <paramref name="contours"/> is set and the model has candidates) the observed
    /// jaw-line points of either side as sliding contour landmarks.
    /// </summary>
    /// <returns>Number of landmarks in use.</returns>
    public int SetObservations(ReadOnlySpan<Point2> landmarks, bool contours)
    {
        if (landmarks.Length != Ibug)
        {
            throw new ArgumentException($"Expected {Ibug} landmarks in iBUG order, got {landmarks.Length}.", nameof(landmarks));
        }

        _staticCount = 0;
        _contourCount = 0;
        bool useContours = contours && _basis.HasContours;
        for (int i = 0; i < Ibug; i++)
        {
            Point2 p = landmarks[i];
            _observed[2 * i] = p.X;
            _observed[(2 * i) + 1] = p.Y;
            if (!p.IsValid)
            {
                continue;
            }

            if (useContours && _basis.ContourSide(i) >= 0)
            {
                _contour[_contourCount++] = i;
            }
            else if (_basis.IsMapped(i))
            {
                _static[_staticCount++] = i;
            }
        }

        return _staticCount + _contourCount;
    }

    /// <summary>The static landmarks in use (iBUG indices).</summary>
    public ReadOnlySpan<int> StaticLandmarks => _static.AsSpan(0, _staticCount);

    /// <summary>The contour landmarks in use (iBUG indices).</summary>
    public ReadOnlySpan<int> ContourLandmarks => _contour.AsSpan(0, _contourCount);

    /// <summary>Observed point of landmark i.</summary>
    public Point2 Observed(int landmark) => new(_observed[2 * landmark], _observed[(2 * landmark) + 1]);

    /// <summary>
    /// Starts a stage: sets the reference rotation, the scale, whether the coefficients are variables, and the
    /// coefficients (the fixed shape in rigid mode, the start in non-rigid mode). Writes the natural start point
    /// x₀ = [0, t, (log s), (c)] into <paramref name="x"/> (length <see cref="Dimension"/>).
    /// </summary>
    public void Configure(bool nonRigid, bool fitScale, in Mat3 rotation, Vec3 translation, double scale, ReadOnlySpan<double> coefficients, Span<double> x)
    {
        NonRigid = nonRigid;
        FitScale = fitScale;
        ReferenceRotation = rotation;
        Scale = scale;
        coefficients.CopyTo(_coefficients);
        _coefficients.AsSpan(coefficients.Length).Clear();
        x[0] = x[1] = x[2] = 0;
        x[3] = translation.X;
        x[4] = translation.Y;
        x[5] = translation.Z;
        if (fitScale)
        {
            x[6] = Math.Log(scale);
        }

        if (nonRigid)
        {
            _coefficients.CopyTo(x.Slice(CoefficientOffset, _k));
        }
        else
        {
            UpdatePoints(_coefficients);
        }

        _preconditioner.SetIdentity(Dimension);
    }

    /// <summary>Decodes natural variables x into rotation, translation, scale and coefficients (coefficients only in non-rigid mode).</summary>
    public void Decode(ReadOnlySpan<double> x, out Mat3 rotation, out Vec3 translation, out double scale, Span<double> coefficients)
    {
        rotation = Rotations.FromAxisAngle(new Vec3(x[0], x[1], x[2])) * ReferenceRotation;
        translation = new Vec3(x[3], x[4], x[5]);
        scale = FitScale ? Math.Exp(x[6]) : Scale;
        if (NonRigid)
        {
            x.Slice(CoefficientOffset, _k).CopyTo(coefficients);
        }
        else
        {
            _coefficients.CopyTo(coefficients);
        }
    }

    /// <summary>
    /// Sets the preconditioner from the Gauss–Newton Hessian at the natural point x (see the class remarks) with x
    /// as the reference, and replaces x by the optimiser's start z = 0.
    /// </summary>
    public void Precondition(Span<double> x)
    {
        int n = Dimension;
        int residuals = 2 * (_staticCount + _contourCount);
        Span<double> jt = _jacobianT.AsSpan(0, n * _residualCapacity);
        jt.Clear();
        EvaluateNatural(x, _gx.AsSpan(0, n), buildJacobian: true);

        // H = 2·JᵀJ (+ 2Λ on the coefficients): one dot product of two Jacobian columns per entry of the lower triangle.
        Span<double> h = _hessian.AsSpan(0, n * n);
        CholeskyPreconditioner.GaussNewton(_jacobianT, n, _residualCapacity, residuals, 2, h);

        if (NonRigid)
        {
            int offset = CoefficientOffset;
            for (int j = 0; j < _k; j++)
            {
                h[((offset + j) * n) + offset + j] += 2 * (j < _basis.IdentityCount ? PriorIdentity : PriorExpression);
            }
        }

        _preconditioner.Factor(h, n, x);
        x[..n].Clear();
    }

    /// <summary>Converts the optimiser's variables z back to natural variables x (in place).</summary>
    public void Unscale(Span<double> z) => _preconditioner.ToNatural(z[..Dimension], z[..Dimension]);

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> z, Span<double> gradient)
    {
        int n = Dimension;
        Span<double> x = _x.AsSpan(0, n);
        _preconditioner.ToNatural(z[..n], x);
        double value = EvaluateNatural(x, gradient, buildJacobian: false);
        _preconditioner.GradientToPreconditioned(gradient[..n]);
        return value;
    }

    /// <summary>Value and gradient in the natural variables x (no preconditioning), for tests and diagnostics.</summary>
    public double EvaluateNatural(ReadOnlySpan<double> x, Span<double> gradient) => EvaluateNatural(x, gradient, buildJacobian: false);

    /// <summary>
    /// Writes the current image position of every landmark in use into <paramref name="fitted"/> (68 points;
    /// NaN for the others) for natural variables x, and returns the RMS distance to the observations in px.
    /// </summary>
    public double Project(ReadOnlySpan<double> x, Span<Point2> fitted)
    {
        fitted.Fill(Point2.Missing);
        int n = Dimension;
        // One evaluation leaves the contour correspondences and candidate projections of x in the workspace.
        EvaluateNatural(x, _gx.AsSpan(0, n), buildJacobian: false);
        Decode(x, out Mat3 r, out Vec3 t, out double s, _coefficients);
        (double f, double cx, double cy) = Camera;
        double sum = 0;
        foreach (int i in StaticLandmarks)
        {
            Vec3 p = Vec3.Read(_points.AsSpan(i * 3, 3));
            Point2 uv = Pinhole.Project(f, cx, cy, (s * (r * p)) + t);
            fitted[i] = uv;
            sum += Squared(uv, Observed(i));
        }

        foreach (int i in ContourLandmarks)
        {
            int a = _contourSegment[i];
            double tau = _contourTau[i];
            var uv = new Point2(
                ((1 - tau) * _candidateUv[2 * a]) + (tau * _candidateUv[2 * (a + 1)]),
                ((1 - tau) * _candidateUv[(2 * a) + 1]) + (tau * _candidateUv[(2 * (a + 1)) + 1]));
            fitted[i] = uv;
            sum += Squared(uv, Observed(i));
        }

        int count = _staticCount + _contourCount;
        return count > 0 ? Math.Sqrt(sum / count) : double.NaN;
    }

    /// <summary>For each contour landmark in use: the first candidate of its segment and τ (valid after an evaluation).</summary>
    public (int Candidate, double Tau) ContourCorrespondence(int landmark) => (_contourSegment[landmark], _contourTau[landmark]);

    private static double Squared(Point2 a, Point2 b) => ((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y));

    private void UpdatePoints(ReadOnlySpan<double> c)
    {
        foreach (int i in StaticLandmarks)
        {
            _basis.EvaluateLandmark(i, c, _points.AsSpan(i * 3, 3));
        }

        if (_contourCount > 0)
        {
            for (int j = 0; j < _basis.CandidateCount; j++)
            {
                _basis.EvaluateCandidate(j, c, _points.AsSpan((Ibug + j) * 3, 3));
            }
        }
    }

    /// <summary>
    /// The objective in natural variables. With <paramref name="buildJacobian"/> it also writes the residual
    /// Jacobian, transposed and weighted by √w (the Huber IRLS weight), into the preconditioner's workspace:
    /// residuals 2m and 2m+1 are the u and v residuals of the m-th landmark in use (static ones first).
    /// </summary>
    private double EvaluateNatural(ReadOnlySpan<double> x, Span<double> gradient, bool buildJacobian)
    {
        int n = Dimension;
        int offset = CoefficientOffset;
        gradient[..n].Clear();
        _pointGradient.AsSpan().Clear();

        ReadOnlySpan<double> c = NonRigid ? x.Slice(offset, _k) : _coefficients;
        if (NonRigid)
        {
            UpdatePoints(c);
        }

        Mat3 dA0, dA1, dA2;
        Mat3 increment = Rotations.AxisAngleDerivatives(new Vec3(x[0], x[1], x[2]), out dA0, out dA1, out dA2);
        Mat3 r0 = ReferenceRotation;
        Mat3 r = increment * r0;
        Mat3 dR0 = dA0 * r0, dR1 = dA1 * r0, dR2 = dA2 * r0;
        var t = new Vec3(x[3], x[4], x[5]);
        double s = FitScale ? Math.Exp(x[6]) : Scale;
        (double f, double cx, double cy) = Camera;
        double delta = HuberDelta;

        var context = new PointContext(r, s, dR0, dR1, dR2);
        int residual = 0;
        double loss = 0;

        // Static landmarks: one projection each.
        foreach (int i in StaticLandmarks)
        {
            Vec3 p = Vec3.Read(_points.AsSpan(i * 3, 3));
            Vec3 rotated = r * p;
            Vec3 camera = (s * rotated) + t;
            if (!(camera.Z > MinDepth))
            {
                return double.PositiveInfinity;
            }

            Point2 uv = Pinhole.Project(f, cx, cy, camera, out ProjectionJacobian jacobian);
            double ru = uv.X - _observed[2 * i], rv = uv.Y - _observed[(2 * i) + 1];
            loss += Robust(ru, rv, delta, out double weight);
            context.Accumulate(2 * weight * ru, 2 * weight * rv, jacobian, rotated, p, _pointGradient.AsSpan(i * 3, 3));
            if (buildJacobian)
            {
                AddJacobian(residual, Math.Sqrt(weight), jacobian, rotated, p, in context, _basis.LandmarkRows(i));
            }

            residual += 2;
        }

        // Contour landmarks: project every candidate once, then slide each landmark along its side's outline.
        if (_contourCount > 0)
        {
            int candidates = _basis.CandidateCount;
            for (int j = 0; j < candidates; j++)
            {
                Vec3 p = Vec3.Read(_points.AsSpan((Ibug + j) * 3, 3));
                Vec3 rotated = r * p;
                Vec3 camera = (s * rotated) + t;
                if (!(camera.Z > MinDepth))
                {
                    return double.PositiveInfinity;
                }

                Point2 uv = Pinhole.Project(f, cx, cy, camera, out ProjectionJacobian jacobian);
                _candidateUv[2 * j] = uv.X;
                _candidateUv[(2 * j) + 1] = uv.Y;
                rotated.CopyTo(_candidateRotated.AsSpan(j * 3, 3));
                _candidateJacobian[j] = jacobian;
            }

            foreach (int i in ContourLandmarks)
            {
                double ou = _observed[2 * i], ov = _observed[(2 * i) + 1];
                int first = _basis.ContourSide(i) == 0 ? 0 : _basis.RightCandidateCount;
                int count = _basis.ContourSide(i) == 0 ? _basis.RightCandidateCount : _basis.LeftCandidateCount;
                (int a, double tau) = ClosestOnPolyline(_candidateUv.AsSpan(2 * first, 2 * count), ou, ov);
                a += first;
                _contourSegment[i] = a;
                _contourTau[i] = tau;
                int b = count > 1 ? a + 1 : a;
                double u = ((1 - tau) * _candidateUv[2 * a]) + (tau * _candidateUv[2 * b]);
                double v = ((1 - tau) * _candidateUv[(2 * a) + 1]) + (tau * _candidateUv[(2 * b) + 1]);
                double ru = u - ou, rv = v - ov;
                loss += Robust(ru, rv, delta, out double weight);
                double gu = 2 * weight * ru, gv = 2 * weight * rv;
                double root = Math.Sqrt(weight);
                AccumulateCandidate(ref context, a, 1 - tau, gu, gv, buildJacobian ? residual : -1, root);
                if (tau > 0 && b != a)
                {
                    AccumulateCandidate(ref context, b, tau, gu, gv, buildJacobian ? residual : -1, root);
                }

                residual += 2;
            }
        }

        // Rigid gradient: ∂E/∂t = Σ g_X, ∂E/∂ω_k = ⟨Σ s·g_X·pᵀ, ∂R/∂ω_k⟩_F, ∂E/∂log s = Σ g_X·(s·R·p).
        gradient[0] = Mat3.FrobeniusDot(context.RotationGradient, dR0);
        gradient[1] = Mat3.FrobeniusDot(context.RotationGradient, dR1);
        gradient[2] = Mat3.FrobeniusDot(context.RotationGradient, dR2);
        gradient[3] = context.TranslationGradient.X;
        gradient[4] = context.TranslationGradient.Y;
        gradient[5] = context.TranslationGradient.Z;
        if (FitScale)
        {
            gradient[6] = context.ScaleGradient;
        }

        if (!NonRigid)
        {
            return loss;
        }

        // Non-rigid: ∂E/∂c = Bᵀ·(∂E/∂p) + 2λ∘c, accumulated row by row (each row is a contiguous K-vector).
        Span<double> gc = gradient.Slice(offset, _k);
        int kid = _basis.IdentityCount;
        double priorId = PriorIdentity, priorExp = PriorExpression;
        ReadOnlySpan<double> alpha = c[..kid], beta = c[kid..];
        loss += (priorId * TensorPrimitives.Dot(alpha, alpha)) + (priorExp * TensorPrimitives.Dot(beta, beta));
        TensorPrimitives.Multiply(alpha, 2 * priorId, gc[..kid]);
        TensorPrimitives.Multiply(beta, 2 * priorExp, gc[kid..]);
        foreach (int i in StaticLandmarks)
        {
            AddRowsTransposed(_basis.LandmarkRows(i), _pointGradient.AsSpan(i * 3, 3), gc);
        }

        if (_contourCount > 0)
        {
            for (int j = 0; j < _basis.CandidateCount; j++)
            {
                ReadOnlySpan<double> g = _pointGradient.AsSpan((Ibug + j) * 3, 3);
                if (g[0] != 0 || g[1] != 0 || g[2] != 0)
                {
                    AddRowsTransposed(_basis.CandidateRows(j), g, gc);
                }
            }
        }

        return loss;
    }

    private void AccumulateCandidate(ref PointContext context, int candidate, double weight, double gu, double gv, int residual, double rootWeight)
    {
        Vec3 p = Vec3.Read(_points.AsSpan((Ibug + candidate) * 3, 3));
        Vec3 rotated = Vec3.Read(_candidateRotated.AsSpan(candidate * 3, 3));
        ProjectionJacobian jacobian = _candidateJacobian[candidate];
        context.Accumulate(weight * gu, weight * gv, jacobian, rotated, p, _pointGradient.AsSpan((Ibug + candidate) * 3, 3));
        if (residual >= 0)
        {
            AddJacobian(residual, weight * rootWeight, jacobian, rotated, p, in context, _basis.CandidateRows(candidate));
        }
    }

    /// <summary>g_c += Σ_axis g_p[axis] · B_row(axis): the transpose of the three dot products of <see cref="LandmarkBasis.EvaluateRows"/>.</summary>
    private void AddRowsTransposed(ReadOnlySpan<double> rows, ReadOnlySpan<double> pointGradient, Span<double> gc) =>
        RowKernels.AddTransposed(rows, pointGradient[0], pointGradient[1], pointGradient[2], gc);

    /// <summary>
    /// Adds <c>weight × ∂(u, v)/∂x</c> of one model point X = s·R·p + t to the Jacobian columns of residuals
    /// (<paramref name="residual"/>, <paramref name="residual"/> + 1): J_π·s·dR_k·p for ω, J_π·e_k for t,
    /// J_π·s·R·p for log s, and J_π·s·R·B_p for the coefficients (B_p the point's three basis rows).
    /// </summary>
    private void AddJacobian(int residual, double weight, ProjectionJacobian j, Vec3 rotated, Vec3 p, in PointContext context, ReadOnlySpan<double> rows)
    {
        int stride = _residualCapacity;
        Span<double> jt = _jacobianT;
        double s = context.Scale;
        void Add(Span<double> jt, int variable, double du, double dv)
        {
            jt[(variable * stride) + residual] += weight * du;
            jt[(variable * stride) + residual + 1] += weight * dv;
        }

        AddImage(jt, 0, j, s * (context.DR0 * p));
        AddImage(jt, 1, j, s * (context.DR1 * p));
        AddImage(jt, 2, j, s * (context.DR2 * p));
        Add(jt, 3, j.DuDx, 0);
        Add(jt, 4, 0, j.DvDy);
        Add(jt, 5, j.DuDz, j.DvDz);
        if (FitScale)
        {
            AddImage(jt, 6, j, s * rotated);
        }

        if (!NonRigid)
        {
            return;
        }

        // M = J_π·s·R (2×3); column k of B_p maps through M to (∂u/∂c_k, ∂v/∂c_k).
        Mat3 r = context.Rotation;
        double m00 = weight * s * ((j.DuDx * r.M00) + (j.DuDz * r.M20));
        double m01 = weight * s * ((j.DuDx * r.M01) + (j.DuDz * r.M21));
        double m02 = weight * s * ((j.DuDx * r.M02) + (j.DuDz * r.M22));
        double m10 = weight * s * ((j.DvDy * r.M10) + (j.DvDz * r.M20));
        double m11 = weight * s * ((j.DvDy * r.M11) + (j.DvDz * r.M21));
        double m12 = weight * s * ((j.DvDy * r.M12) + (j.DvDz * r.M22));
        int k = _k;
        ReadOnlySpan<double> bx = rows[..k], by = rows.Slice(k, k), bz = rows.Slice(2 * k, k);
        int baseIndex = (CoefficientOffset * stride) + residual;
        for (int c = 0; c < k; c++)
        {
            int at = baseIndex + (c * stride);
            jt[at] += (m00 * bx[c]) + (m01 * by[c]) + (m02 * bz[c]);
            jt[at + 1] += (m10 * bx[c]) + (m11 * by[c]) + (m12 * bz[c]);
        }

        void AddImage(Span<double> jt, int variable, ProjectionJacobian j, Vec3 dx) =>
            Add(jt, variable, (j.DuDx * dx.X) + (j.DuDz * dx.Z), (j.DvDy * dx.Y) + (j.DvDz * dx.Z));
    }

    /// <summary>
    /// ρ(e) for residual (ru, rv), e = ‖r‖, and the weight w = ρ'(e)/(2e) so that ∂ρ/∂r = 2·w·r:
    /// w = 1 inside the Huber threshold, δ/e beyond it.
    /// </summary>
    private static double Robust(double ru, double rv, double delta, out double weight)
    {
        double e2 = (ru * ru) + (rv * rv);
        if (delta <= 0 || e2 <= delta * delta)
        {
            weight = 1;
            return e2;
        }

        double e = Math.Sqrt(e2);
        weight = delta / e;
        return (2 * delta * e) - (delta * delta);
    }

    /// <summary>
    /// The point of a polyline (2D vertices, interleaved u v) closest to (ou, ov): the segment's first vertex index
    /// and the parameter τ ∈ [0, 1] along it. Ties keep the first segment, so the choice is deterministic.
    /// </summary>
    internal static (int Segment, double Tau) ClosestOnPolyline(ReadOnlySpan<double> uv, double ou, double ov)
    {
        int count = uv.Length / 2;
        if (count == 1)
        {
            return (0, 0);
        }

        int best = 0;
        double bestTau = 0, bestDistance = double.PositiveInfinity;
        for (int a = 0; a < count - 1; a++)
        {
            double au = uv[2 * a], av = uv[(2 * a) + 1];
            double eu = uv[(2 * a) + 2] - au, ev = uv[(2 * a) + 3] - av;
            double length2 = (eu * eu) + (ev * ev);
            double tau = length2 > 0 ? Math.Clamp((((ou - au) * eu) + ((ov - av) * ev)) / length2, 0, 1) : 0;
            double du = au + (tau * eu) - ou, dv = av + (tau * ev) - ov;
            double distance = (du * du) + (dv * dv);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = a;
                bestTau = tau;
            }
        }

        return (best, bestTau);
    }

    /// <summary>Per-evaluation accumulators of the rigid gradient.</summary>
    private struct PointContext(Mat3 rotation, double scale, Mat3 dR0, Mat3 dR1, Mat3 dR2)
    {
        public readonly Mat3 Rotation = rotation;
        public readonly double Scale = scale;
        public readonly Mat3 DR0 = dR0;
        public readonly Mat3 DR1 = dR1;
        public readonly Mat3 DR2 = dR2;
        public OuterSum RotationSum;

        /// <summary>∂E/∂R = Σ s·g_X·pᵀ.</summary>
        public readonly Mat3 RotationGradient => RotationSum.ToMatrix();
        public Vec3 TranslationGradient;
        public double ScaleGradient;

        /// <summary>
        /// Chain rule for one point X = s·R·p + t with image gradient (gu, gv): g_X = J_πᵀ·(gu, gv), then
        /// ∂E/∂t += g_X, ∂E/∂R += s·g_X·pᵀ, ∂E/∂log s += g_X·(s·R·p), ∂E/∂p += s·Rᵀ·g_X.
        /// </summary>
        public void Accumulate(double gu, double gv, ProjectionJacobian jacobian, Vec3 rotated, Vec3 p, Span<double> pointGradient)
        {
            Vec3 gX = jacobian.TransposeTimes(gu, gv);
            TranslationGradient += gX;
            ScaleGradient += Scale * Vec3.Dot(gX, rotated);
            Vec3 sg = Scale * gX;
            RotationSum.Add(sg, p);

            // s·Rᵀ·g_X without forming Rᵀ.
            ref readonly Mat3 r = ref Rotation;
            pointGradient[0] += (r.M00 * sg.X) + (r.M10 * sg.Y) + (r.M20 * sg.Z);
            pointGradient[1] += (r.M01 * sg.X) + (r.M11 * sg.Y) + (r.M21 * sg.Z);
            pointGradient[2] += (r.M02 * sg.X) + (r.M12 * sg.Y) + (r.M22 * sg.Z);
        }
    }

    /// <summary>A running sum of outer products a·bᵀ kept in nine scalars (no 3×3 temporaries per point).</summary>
    private struct OuterSum
    {
        private double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

        public void Add(Vec3 a, Vec3 b)
        {
            _m00 += a.X * b.X; _m01 += a.X * b.Y; _m02 += a.X * b.Z;
            _m10 += a.Y * b.X; _m11 += a.Y * b.Y; _m12 += a.Y * b.Z;
            _m20 += a.Z * b.X; _m21 += a.Z * b.Y; _m22 += a.Z * b.Z;
        }

        public readonly Mat3 ToMatrix() => new(_m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22);
    }
}
