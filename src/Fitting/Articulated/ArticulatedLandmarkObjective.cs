using System.Numerics.Tensors;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Fitting.Articulated;

/// <summary>
/// The landmark objective of <see cref="LandmarkObjective"/> extended by joint rotations, for articulated models
/// such as FLAME (Li et al. 2017):
/// <code>
/// E(ω, t, s, c, θ) = Σ_i ρ(‖π(s·R(ω)·R₀·p_i(c, θ) + t) − o_i‖) + λ_id·‖α‖² + λ_exp·‖β‖² + λ_θ·‖θ‖²
/// </code>
/// where p_i(c, θ) is landmark i of the posed model — shape and expression blendshapes, pose correctives, linear
/// blend skinning over the fitted joints — evaluated by the model's <see cref="IArticulatedPointSet"/>, which also
/// supplies the exact derivatives ∂p/∂c and ∂p/∂θ (reverse mode for the gradient, per-point Jacobians for the
/// Gauss–Newton preconditioner). The camera part (pinhole projection, rotation increment ω on R₀ with Gallego &amp;
/// Yezzi's derivative, translation, optional log-scale, Huber ρ) is as in <see cref="LandmarkObjective"/>.
/// <para>
/// Jaw-line landmarks use the model's yaw-indexed contour bindings (FLAME's dynamic embedding) when it has them:
/// the row is chosen per round from the current head yaw (<see cref="SelectPoints"/>), as FLAME's own fitting
/// code selects it from the current pose, and held fixed within the round so that E stays smooth.
/// </para>
/// Variables: <c>x = [ω (3), t (3), log s (if fitted), c (K), θ (3·J_var)]</c>, optimised in preconditioned
/// coordinates <c>x = x₀ + L⁻ᵀ·z</c> (the Gauss–Newton Hessian's Cholesky factor, as in <see cref="LandmarkObjective"/>). Allocation-free after construction.
/// </summary>
public sealed class ArticulatedLandmarkObjective : IDifferentiableFunction
{
    private const int Ibug = LandmarkEmbedding.IbugCount;
    private const double MinDepth = 1e-6;

    private readonly IArticulatedPointSet _set;
    private readonly IArticulatedModel _model;
    private readonly int _k;
    private readonly int _kid;
    private readonly int _rotations;
    private readonly int _contourOffset;          // first point of the dynamic rows in the point set
    private readonly int[] _contourPosition;      // per iBUG landmark: position in the contour table, or −1

    private readonly double[] _observed = new double[Ibug * 2];
    private readonly bool[] _valid = new bool[Ibug];
    private readonly int[] _landmark = new int[Ibug];   // active landmarks (iBUG index)
    private readonly int[] _point = new int[Ibug];      // their point in the set
    private int _count;

    private readonly double[] _positions = new double[Ibug * 3];
    private readonly double[] _pointGradient = new double[Ibug * 3];
    private readonly double[] _dPointDc;
    private readonly double[] _dPointDTheta;
    private readonly double[] _x;
    private readonly double[] _gx;
    private readonly FactoredPreconditioner _preconditioner;
    private readonly double[] _prior;
    private readonly double[] _jacobianT;
    private const int ResidualCapacity = 2 * Ibug;

    /// <summary>Creates the objective for a model's landmarks and the given variable joints.</summary>
    public ArticulatedLandmarkObjective(IArticulatedModel model, int identityCount, int expressionCount, IReadOnlyList<int> variableJoints, bool dynamicContour)
    {
        _model = model;
        List<LandmarkBinding> bindings = [.. model.Landmarks.Points];
        _contourPosition = new int[Ibug];
        Array.Fill(_contourPosition, -1);
        _contourOffset = bindings.Count;
        YawContourTable? table = dynamicContour ? model.DynamicContour : null;
        Contour = table;
        if (table is not null)
        {
            for (int m = 0; m < table.Landmarks.Count; m++)
            {
                _contourPosition[table.Landmarks[m]] = m;
            }

            for (int r = 0; r < table.RowCount; r++)
            {
                for (int m = 0; m < table.Landmarks.Count; m++)
                {
                    bindings.Add(table.Binding(r, m));
                }
            }
        }

        _set = model.CreatePointSet(bindings, identityCount, expressionCount, variableJoints);
        _k = _set.CoefficientCount;
        _kid = Math.Min(Math.Max(identityCount, 0), model.IdentityCount);
        _rotations = 3 * _set.VariableJointCount;
        int max = 7 + _k + _rotations;
        _dPointDc = new double[3 * _k];
        _dPointDTheta = new double[3 * _rotations];
        _x = new double[max];
        _gx = new double[max];
        _preconditioner = new FactoredPreconditioner(max, ResidualCapacity);
        _prior = new double[max];
        _jacobianT = new double[max * ResidualCapacity];
        Camera = (1000, 0, 0);
    }

    /// <summary>The yaw-indexed contour in use, or null.</summary>
    public YawContourTable? Contour { get; }

    /// <summary>Pinhole intrinsics (px).</summary>
    public (double FocalLength, double Cx, double Cy) Camera { get; set; }

    /// <summary>λ_id.</summary>
    public double PriorIdentity { get; set; } = 1;

    /// <summary>λ_exp.</summary>
    public double PriorExpression { get; set; } = 1;

    /// <summary>λ_θ (px² per rad²).</summary>
    public double PriorRotation { get; set; } = 100;

    /// <summary>Huber threshold δ (px); 0 = squared error.</summary>
    public double HuberDelta { get; set; }

    /// <summary>True when log s is a variable.</summary>
    public bool FitScale { get; private set; }

    /// <summary>R₀ of the current round.</summary>
    public Mat3 ReferenceRotation { get; private set; } = Mat3.Flip180X;

    /// <summary>Fixed (or starting) scale.</summary>
    public double Scale { get; private set; } = 1;

    /// <summary>K, the coefficients fitted.</summary>
    public int CoefficientCount => _k;

    /// <summary>3·J_var, the rotation values fitted.</summary>
    public int RotationCount => _rotations;

    /// <summary>Index of the first coefficient in x.</summary>
    public int CoefficientOffset => FitScale ? 7 : 6;

    /// <inheritdoc />
    public int Dimension => CoefficientOffset + _k + _rotations;

    /// <summary>Landmarks in use.</summary>
    public int ActiveCount => _count;

    /// <summary>Stores the observations (68, iBUG order, NaN = missing).</summary>
    public void SetObservations(ReadOnlySpan<Point2> landmarks)
    {
        if (landmarks.Length != Ibug)
        {
            throw new ArgumentException($"Expected {Ibug} landmarks in iBUG order, got {landmarks.Length}.", nameof(landmarks));
        }

        for (int i = 0; i < Ibug; i++)
        {
            _observed[2 * i] = landmarks[i].X;
            _observed[(2 * i) + 1] = landmarks[i].Y;
            _valid[i] = landmarks[i].IsValid;
        }
    }

    /// <summary>
    /// Chooses the landmarks in use: observed ones with a static binding, the jaw line taken from contour row
    /// <paramref name="contourRow"/> (when the model has a dynamic contour; −1 for the static bindings).
    /// </summary>
    /// <returns>Number of landmarks in use.</returns>
    public int SelectPoints(int contourRow)
    {
        _count = 0;
        for (int i = 0; i < Ibug; i++)
        {
            if (!_valid[i])
            {
                continue;
            }

            int m = _contourPosition[i];
            if (Contour is not null && contourRow >= 0 && m >= 0)
            {
                _landmark[_count] = i;
                _point[_count++] = _contourOffset + (contourRow * Contour.Landmarks.Count) + m;
            }
            else if (_model.Landmarks.Points[i].IsMapped)
            {
                _landmark[_count] = i;
                _point[_count++] = i;
            }
        }

        return _count;
    }

    /// <summary>Starts a round: R₀, scale, and the natural start x₀ = [0, t, (log s), c, θ].</summary>
    public void Configure(bool fitScale, in Mat3 rotation, Vec3 translation, double scale, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rotations, Span<double> x)
    {
        FitScale = fitScale;
        ReferenceRotation = rotation;
        Scale = scale;
        x[0] = x[1] = x[2] = 0;
        x[3] = translation.X;
        x[4] = translation.Y;
        x[5] = translation.Z;
        if (fitScale)
        {
            x[6] = Math.Log(scale);
        }

        coefficients.CopyTo(x.Slice(CoefficientOffset, _k));
        rotations.CopyTo(x.Slice(CoefficientOffset + _k, _rotations));
        _preconditioner.SetIdentity(Dimension);
    }

    /// <summary>Decodes natural variables.</summary>
    public void Decode(ReadOnlySpan<double> x, out Mat3 rotation, out Vec3 translation, out double scale, Span<double> coefficients, Span<double> rotations)
    {
        rotation = Rotations.FromAxisAngle(new Vec3(x[0], x[1], x[2])) * ReferenceRotation;
        translation = new Vec3(x[3], x[4], x[5]);
        scale = FitScale ? Math.Exp(x[6]) : Scale;
        x.Slice(CoefficientOffset, _k).CopyTo(coefficients);
        x.Slice(CoefficientOffset + _k, _rotations).CopyTo(rotations);
    }

    /// <summary>Sets the Gauss–Newton preconditioner at natural x and replaces x by the optimiser's start z = 0.</summary>
    public void Precondition(Span<double> x)
    {
        int n = Dimension;
        int residuals = 2 * _count;
        _jacobianT.AsSpan(0, n * ResidualCapacity).Clear();
        EvaluateNatural(x, _gx.AsSpan(0, n), buildJacobian: true);
        int offset = CoefficientOffset;
        Span<double> prior = _prior.AsSpan(0, n);
        prior.Clear();
        for (int j = 0; j < _k + _rotations; j++)
        {
            prior[offset + j] = j < _kid ? PriorIdentity : j < _k ? PriorExpression : PriorRotation;
        }

        // H = 2·JᵀJ + 2Λ, factored (see FactoredPreconditioner).
        _preconditioner.Factor(_jacobianT, n, residuals, prior, x);
        x[..n].Clear();
    }

    /// <summary>Converts the optimiser's variables back to natural ones, in place.</summary>
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

    /// <summary>Value and gradient in natural variables (tests, diagnostics).</summary>
    public double EvaluateNatural(ReadOnlySpan<double> x, Span<double> gradient) => EvaluateNatural(x, gradient, buildJacobian: false);

    /// <summary>Projects the landmarks in use at natural x into <paramref name="fitted"/> (NaN elsewhere); returns the RMS error in px.</summary>
    public double Project(ReadOnlySpan<double> x, Span<Point2> fitted)
    {
        fitted.Fill(Point2.Missing);
        int offset = CoefficientOffset;
        _set.Evaluate(x.Slice(offset, _k), x.Slice(offset + _k, _rotations), _point.AsSpan(0, _count), _positions);
        Mat3 r = Rotations.FromAxisAngle(new Vec3(x[0], x[1], x[2])) * ReferenceRotation;
        var t = new Vec3(x[3], x[4], x[5]);
        double s = FitScale ? Math.Exp(x[6]) : Scale;
        (double f, double cx, double cy) = Camera;
        double sum = 0;
        for (int m = 0; m < _count; m++)
        {
            int i = _landmark[m];
            Point2 uv = Pinhole.Project(f, cx, cy, (s * (r * Vec3.Read(_positions.AsSpan(3 * m, 3)))) + t);
            fitted[i] = uv;
            sum += ((uv.X - _observed[2 * i]) * (uv.X - _observed[2 * i])) + ((uv.Y - _observed[(2 * i) + 1]) * (uv.Y - _observed[(2 * i) + 1]));
        }

        return _count > 0 ? Math.Sqrt(sum / _count) : double.NaN;
    }

    private double EvaluateNatural(ReadOnlySpan<double> x, Span<double> gradient, bool buildJacobian)
    {
        int n = Dimension, offset = CoefficientOffset;
        gradient[..n].Clear();
        ReadOnlySpan<double> c = x.Slice(offset, _k), theta = x.Slice(offset + _k, _rotations);
        ReadOnlySpan<int> points = _point.AsSpan(0, _count);
        _set.Evaluate(c, theta, points, _positions);

        Mat3 increment = Rotations.AxisAngleDerivatives(new Vec3(x[0], x[1], x[2]), out Mat3 dA0, out Mat3 dA1, out Mat3 dA2);
        Mat3 r0 = ReferenceRotation, r = increment * r0;
        Mat3 dR0 = dA0 * r0, dR1 = dA1 * r0, dR2 = dA2 * r0;
        var t = new Vec3(x[3], x[4], x[5]);
        double s = FitScale ? Math.Exp(x[6]) : Scale;
        (double f, double cx, double cy) = Camera;
        double loss = 0, gScale = 0;
        Vec3 gT = Vec3.Zero;
        Mat3 gR = default;
        for (int m = 0; m < _count; m++)
        {
            int i = _landmark[m];
            Vec3 p = Vec3.Read(_positions.AsSpan(3 * m, 3));
            Vec3 rotated = r * p;
            Vec3 camera = (s * rotated) + t;
            if (!(camera.Z > MinDepth))
            {
                return double.PositiveInfinity;
            }

            Point2 uv = Pinhole.Project(f, cx, cy, camera, out ProjectionJacobian jp);
            double ru = uv.X - _observed[2 * i], rv = uv.Y - _observed[(2 * i) + 1];
            loss += Robust(ru, rv, HuberDelta, out double weight);
            Vec3 gX = jp.TransposeTimes(2 * weight * ru, 2 * weight * rv);
            gT += gX;
            gScale += s * Vec3.Dot(gX, rotated);
            gR += Mat3.Outer(s * gX, p);
            Vec3 gp = s * (r.Transposed() * gX);
            gp.CopyTo(_pointGradient.AsSpan(3 * m, 3));
            if (buildJacobian)
            {
                AddJacobian(2 * m, Math.Sqrt(weight), jp, r, s, p, rotated, dR0, dR1, dR2, _point[m]);
            }
        }

        gradient[0] = Mat3.FrobeniusDot(gR, dR0);
        gradient[1] = Mat3.FrobeniusDot(gR, dR1);
        gradient[2] = Mat3.FrobeniusDot(gR, dR2);
        gradient[3] = gT.X;
        gradient[4] = gT.Y;
        gradient[5] = gT.Z;
        if (FitScale)
        {
            gradient[6] = gScale;
        }

        Span<double> gc = gradient.Slice(offset, _k), gTheta = gradient.Slice(offset + _k, _rotations);
        _set.Backpropagate(points, _pointGradient.AsSpan(0, 3 * _count), gc, gTheta);
        ReadOnlySpan<double> alpha = c[.._kid], beta = c[_kid..];
        loss += (PriorIdentity * TensorPrimitives.Dot(alpha, alpha)) + (PriorExpression * TensorPrimitives.Dot(beta, beta)) + (PriorRotation * TensorPrimitives.Dot(theta, theta));
        TensorPrimitives.MultiplyAdd(alpha, 2 * PriorIdentity, gc[.._kid], gc[.._kid]);
        TensorPrimitives.MultiplyAdd(beta, 2 * PriorExpression, gc[_kid..], gc[_kid..]);
        TensorPrimitives.MultiplyAdd(theta, 2 * PriorRotation, gTheta, gTheta);
        return loss;
    }

    /// <summary>
    /// √w·∂(u, v)/∂x of one landmark into the transposed Jacobian: J_π·s·dR_k·p for ω, J_π for t, J_π·s·R·p for
    /// log s, and M·∂p/∂(c, θ) with M = J_π·s·R for the coefficients and rotations.
    /// </summary>
    private void AddJacobian(int residual, double weight, ProjectionJacobian j, in Mat3 r, double s, Vec3 p, Vec3 rotated, in Mat3 dR0, in Mat3 dR1, in Mat3 dR2, int point)
    {
        Span<double> jt = _jacobianT;
        void Add(Span<double> jt, int variable, Vec3 dx)
        {
            jt[(variable * ResidualCapacity) + residual] += weight * ((j.DuDx * dx.X) + (j.DuDz * dx.Z));
            jt[(variable * ResidualCapacity) + residual + 1] += weight * ((j.DvDy * dx.Y) + (j.DvDz * dx.Z));
        }

        Add(jt, 0, s * (dR0 * p));
        Add(jt, 1, s * (dR1 * p));
        Add(jt, 2, s * (dR2 * p));
        Add(jt, 3, Vec3.UnitX);
        Add(jt, 4, Vec3.UnitY);
        Add(jt, 5, Vec3.UnitZ);
        if (FitScale)
        {
            Add(jt, 6, s * rotated);
        }

        _set.Jacobian(point, _dPointDc, _dPointDTheta);
        double m00 = weight * s * ((j.DuDx * r.M00) + (j.DuDz * r.M20)), m01 = weight * s * ((j.DuDx * r.M01) + (j.DuDz * r.M21)), m02 = weight * s * ((j.DuDx * r.M02) + (j.DuDz * r.M22));
        double m10 = weight * s * ((j.DvDy * r.M10) + (j.DvDz * r.M20)), m11 = weight * s * ((j.DvDy * r.M11) + (j.DvDz * r.M21)), m12 = weight * s * ((j.DvDy * r.M12) + (j.DvDz * r.M22));
        void Columns(Span<double> jt, ReadOnlySpan<double> d, int count, int first)
        {
            for (int q = 0; q < count; q++)
            {
                double dx = d[q], dy = d[count + q], dz = d[(2 * count) + q];
                int at = ((first + q) * ResidualCapacity) + residual;
                jt[at] += (m00 * dx) + (m01 * dy) + (m02 * dz);
                jt[at + 1] += (m10 * dx) + (m11 * dy) + (m12 * dz);
            }
        }

        Columns(jt, _dPointDc, _k, CoefficientOffset);
        Columns(jt, _dPointDTheta, _rotations, CoefficientOffset + _k);
    }

    /// <summary>ρ and the IRLS weight w = ρ'(e)/(2e) (Huber 1964 on the point distance).</summary>
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
}
