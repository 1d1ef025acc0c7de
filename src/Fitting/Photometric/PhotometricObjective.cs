using System.Numerics.Tensors;
using Facebench.Contracts;
using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Fitting.Photometric;

/// <summary>
/// The analysis-by-synthesis objective with its analytic gradient:
/// <code>
/// E(x) = (w_I / N(x)) · Σ_{p ∈ mask(x)} ρ(255·‖I_p(x) − Î_p‖) + (w_L / L) · E_lmk(ω, t, α, β)
///        + λ_id‖α‖² + λ_exp‖β‖² + λ_tex‖γ‖² + λ_ℓ‖ℓ − ℓ₀‖²
/// </code>
/// over x = [ω (3), t (3), α (K_id), β (K_exp), γ (K_tex), ℓ (27)]: rotation increment R = exp([ω]×)·R₀, translation,
/// shape and expression coefficients (σ units), texture coefficients (σ units) and SH lighting (camera frame).
/// I(x) is the <see cref="DifferentiableRenderer"/>'s image of the model, Î the photo crop (both in [0, 1]; the
/// residual is taken in grey levels so that E is of order one, which L-BFGS's relative stopping test expects), ρ the
/// per-pixel penalty (<see cref="PhotometricLoss"/>), mask(x) the render's face mask and N(x) its size: a mean, so
/// that shrinking the face out of its own pixels does not lower the loss (a sum over the render's mask would let the
/// fit drift away; photometric_optimization avoids that with a segmentation mask of the photo, which Facebench does
/// not assume). N is held constant in the gradient (its derivative is zero almost everywhere). E_lmk is the landmark
/// objective (<see cref="LandmarkObjective"/>, in px² at the crop's resolution, over its L landmarks). This is the energy of Blanz &amp; Vetter (1999, §4) and of
/// Deep3DFaceRecon (Deng et al. 2019, eq. 1) with the weighting of a mean over the mask.
/// <para>
/// Gradient: the renderer's reverse pass gives ∂E/∂(vertex positions, albedo, lighting, R, t); then
/// ∂E/∂ω_k = ⟨∂E/∂R, ∂R/∂ω_k⟩ (Gallego &amp; Yezzi 2015), ∂E/∂c_k = ⟨U_k, ∂E/∂positions⟩, ∂E/∂γ_k = ⟨V_k, ∂E/∂albedo⟩
/// (σ-scaled columns of <see cref="PhotometricBasis"/>).
/// </para>
/// <para>
/// Preconditioning, as in <see cref="LandmarkObjective"/>: the optimiser sees z with x = x₀ + L⁻ᵀz, where LLᵀ is a
/// Gauss–Newton Hessian at the stage's start: <c>(2w_I/N₀)·Σ_p w_p·J_pᵀJ_p</c> (N₀ the mask size then, w_p the penalty's
/// IRLS weight) over about 1,500 mask pixels (scaled
/// to the whole mask), J_p the pixel's Jacobian through the barycentrics, albedo and lighting (the dependence of
/// normals on the shape is left out: second order for the curvature), plus the landmark term's Hessian (central
/// differences of its analytic gradient) and the priors. Albedo, lighting, millimetres and radians differ in scale
/// by orders of magnitude; in z the problem is near the identity-Hessian quadratic L-BFGS assumes.
/// </para>
/// Two modes: all variables, or appearance only (γ, ℓ with the geometry frozen, so that no rasterisation is needed).
/// Allocation-free after construction; one instance per thread.
/// </summary>
public sealed class PhotometricObjective : IDifferentiableFunction
{
    private const int Light = SphericalHarmonics.CoefficientCount;
    private const int PreconditionerPixels = 1500;

    /// <summary>Residuals are measured in grey levels (0–255), so that the objective's values are of order one.</summary>
    private const double GreyLevels = 255;

    private readonly PhotometricBasis _basis;
    private readonly GeometryChain _geometry;
    private readonly DifferentiableRenderer _renderer;
    private readonly RenderGradients _gradients;
    private readonly TextureImage? _texture;
    private readonly int _kShape;
    private readonly int _kTex;
    private readonly int _count;
    private readonly int _width;
    private readonly int _height;

    private readonly double[] _x;
    private readonly double[] _active;
    private readonly double[] _g;
    private readonly double[] _albedo;
    private readonly double[] _photo;
    private readonly double[] _pixelGradient;
    private readonly double[] _lightingPrior = new double[Light];
    private readonly CholeskyPreconditioner _preconditioner;
    private readonly double[] _hessian;
    private readonly double[] _jacobianT;
    private readonly double[] _row;
    private readonly CholeskyPreconditioner _solver;
    private readonly double[] _zeros;
    private readonly double[] _solution;
    private readonly int _residualCapacity = 3 * PreconditionerPixels;

    private double _normaliser = 1;

    /// <summary>Creates the objective for a gathered basis, its landmark rows, and the crop size.</summary>
    public PhotometricObjective(PhotometricBasis basis, LandmarkBasis landmarks, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (landmarks.IdentityCount != basis.IdentityCount || landmarks.ExpressionCount != basis.ExpressionCount)
        {
            throw new ArgumentException($"the landmark rows have {landmarks.IdentityCount} + {landmarks.ExpressionCount} components; the photometric basis {basis.IdentityCount} + {basis.ExpressionCount}.");
        }

        _basis = basis;
        _renderer = new DifferentiableRenderer(basis.Mesh, width, height);
        _geometry = new GeometryChain(basis, landmarks, _renderer);
        _texture = basis.IsUvMap ? new TextureImage(basis.TextureWidth, basis.TextureHeight) : null;
        _gradients = new RenderGradients(basis.Mesh.VertexCount, basis.TextureWidth, basis.TextureHeight);
        _width = width;
        _height = height;
        _kShape = basis.ShapeCount;
        _kTex = basis.TextureCount;
        _count = 6 + _kShape + _kTex + Light;
        int m = basis.Mesh.VertexCount;
        _x = new double[_count];
        _active = new double[_count];
        _g = new double[_count];
        _albedo = new double[3 * m];
        _photo = new double[width * height * 3];
        _pixelGradient = new double[width * height * 3];
        _preconditioner = new CholeskyPreconditioner(_count);
        _hessian = new double[_count * _count];
        _jacobianT = new double[_count * _residualCapacity];
        _row = new double[_count * 3];
        _solver = new CholeskyPreconditioner(Math.Max(_kTex, 9));
        _zeros = new double[Math.Max(_kTex, 9)];
        _solution = new double[Math.Max(_kTex, 9)];
    }

    /// <summary>The gathered model rows.</summary>
    public PhotometricBasis Basis => _basis;

    /// <summary>The renderer (its image, mask and buffers hold the last evaluation).</summary>
    public DifferentiableRenderer Renderer => _renderer;

    /// <summary>The geometry variables' chain and landmark term (shared with objectives that continue this fit).</summary>
    public GeometryChain Geometry => _geometry;

    /// <summary>Weights, penalty and priors.</summary>
    public PhotometricWeights Weights { get; set; } = new();

    /// <summary>Number of variables of the full problem: 6 + K_id + K_exp + K_tex + 27.</summary>
    public int VariableCount => _count;

    /// <summary>Index of the first texture coefficient in x.</summary>
    public int TextureOffset => 6 + _kShape;

    /// <summary>Index of the first lighting coefficient in x.</summary>
    public int LightingOffset => 6 + _kShape + _kTex;

    /// <summary>True when the geometry (ω, t, α, β) is variable; false in the appearance stage.</summary>
    public bool GeometryActive { get; private set; } = true;

    /// <summary>Index of the first active variable in x.</summary>
    public int ActiveOffset => GeometryActive ? 0 : TextureOffset;

    /// <inheritdoc />
    public int Dimension => _count - ActiveOffset;

    /// <summary>The reference rotation R₀ of the current stage (camera from model).</summary>
    public Mat3 ReferenceRotation => _geometry.ReferenceRotation;

    /// <summary>The full natural variables of the last evaluation (or of the start).</summary>
    public ReadOnlySpan<double> Natural => _x;

    /// <summary>N₀: the mask size at the start of this stage (scales the preconditioner).</summary>
    public double Normaliser => _normaliser;

    /// <summary>Landmarks in use.</summary>
    public int LandmarksUsed => _geometry.LandmarksUsed;

    /// <summary>The crop camera.</summary>
    public RenderCamera Camera => _geometry.Camera;

    /// <summary>The photo crop (RGB in [0, 1]).</summary>
    public ReadOnlySpan<double> Photo => _photo;

    /// <summary>
    /// Sets the photo crop (RGB in [0, 1], the crop size), its camera, and the observed landmarks in crop pixels
    /// (68, NaN = missing). Returns the number of landmarks in use.
    /// </summary>
    public int SetPhoto(ReadOnlySpan<double> rgb, RenderCamera camera, ReadOnlySpan<Point2> landmarks, bool contours)
    {
        if (rgb.Length != _photo.Length || camera.Width != _width || camera.Height != _height)
        {
            throw new ArgumentException($"the photo crop must be {_width}×{_height} RGB values with a camera of that size.");
        }

        rgb.CopyTo(_photo);
        return _geometry.SetObservations(camera, landmarks, contours);
    }

    /// <summary>
    /// Starts a stage at natural variables x (whose ω must be zero: the rotation lives in <paramref name="rotation"/>),
    /// with the geometry variable or frozen. Renders once (N₀, the mask), then builds the preconditioner and returns the
    /// optimiser's start z = 0 in <paramref name="z"/> (length <see cref="Dimension"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The face is not in the crop (empty mask).</exception>
    public void Start(in Mat3 rotation, ReadOnlySpan<double> x, ReadOnlySpan<double> lightingPrior, bool geometryActive, Span<double> z)
    {
        GeometryActive = geometryActive;
        x[.._count].CopyTo(_x);
        _x[0] = _x[1] = _x[2] = 0;
        lightingPrior.CopyTo(_lightingPrior);
        _geometry.Start(rotation, _x);
        _normaliser = 1;
        Render(_x);
        ReadOnlySpan<int> mask = _renderer.MaskPixels;
        if (mask.IsEmpty)
        {
            throw new InvalidOperationException("the face mask is empty: the model does not cover the face region of the crop.");
        }

        _normaliser = mask.Length;
        Precondition();
        z[..Dimension].Clear();
    }

    /// <summary>Sets the reference rotation R₀ without starting a stage (for rendering a result).</summary>
    public void Place(in Mat3 rotation) => _geometry.Place(rotation);

    /// <summary>
    /// Closed-form appearance for the current geometry: alternating least squares on the lighting (three 9 × 9 systems,
    /// the rendered colour being linear in ℓ for fixed albedo) and the texture coefficients (one K_tex × K_tex system,
    /// linear in γ for fixed lighting), each with its prior and the robust penalty's IRLS weights (Green 1984), over up
    /// to 4,000 mask pixels. Bilinear problems like this converge slowly under a fixed preconditioner when the start is
    /// far (a white ambient light against a dim photo); a few sweeps of exact solves put L-BFGS near the minimum.
    /// Updates <see cref="Natural"/>; the geometry must have been set by <see cref="Start"/>.
    /// </summary>
    public void SolveAppearance(int sweeps)
    {
        bool wasActive = GeometryActive;
        GeometryActive = false;
        int kTex = _kTex, texOffset = TextureOffset, lightOffset = LightingOffset;
        Span<double> a = _hessian.AsSpan(0, Math.Max(kTex, 9) * Math.Max(kTex, 9));
        Span<double> b = _active.AsSpan(0, Math.Max(kTex, 9));
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            for (int c = 0; c < 3; c++)
            {
                a[..81].Clear();
                b[..9].Clear();
                AccumulateAppearance(lightOffset + (9 * c), 9, c, a, b);
                for (int j = 0; j < 9; j++)
                {
                    a[(j * 9) + j] += Weights.PriorLighting;
                    b[j] += Weights.PriorLighting * _lightingPrior[(9 * c) + j];
                }

                Solve(a, 9, b);
                b[..9].CopyTo(_x.AsSpan(lightOffset + (9 * c), 9));
                UpdateAppearance(_x);
            }

            if (kTex == 0)
            {
                continue;
            }

            a[..(kTex * kTex)].Clear();
            b[..kTex].Clear();
            for (int c = 0; c < 3; c++)
            {
                AccumulateAppearance(texOffset, kTex, c, a, b);
            }

            for (int j = 0; j < kTex; j++)
            {
                a[(j * kTex) + j] += Weights.PriorTexture;
            }

            Solve(a, kTex, b);
            b[..kTex].CopyTo(_x.AsSpan(texOffset, kTex));
            UpdateAppearance(_x);
        }

        GeometryActive = wasActive;
    }

    /// <summary>
    /// Adds the normal equations of channel <paramref name="channel"/>'s colours in the variables
    /// [<paramref name="first"/>, first + count): <c>A += Σ w·J Jᵀ</c>, <c>b += Σ w·J·(Î − c + J·x)</c> (the colour is
    /// affine in those variables, so this is exact), in photometric-term units (mean over the mask, grey levels²).
    /// </summary>
    private void AccumulateAppearance(int first, int count, int channel, Span<double> a, Span<double> b)
    {
        ReadOnlySpan<int> mask = _renderer.MaskPixels;
        ReadOnlySpan<double> image = _renderer.Image;
        int stride = Math.Max(1, (mask.Length + 3999) / 4000);
        int used = (mask.Length + stride - 1) / stride;
        double scale = Weights.Photometric * GreyLevels * GreyLevels / used;
        Span<double> row = _row.AsSpan(channel * _count, _count);
        for (int k = 0; k < mask.Length; k += stride)
        {
            int p = mask[k];
            double rr = GreyLevels * (image[3 * p] - _photo[3 * p]), rg = GreyLevels * (image[(3 * p) + 1] - _photo[(3 * p) + 1]), rb = GreyLevels * (image[(3 * p) + 2] - _photo[(3 * p) + 2]);
            PhotometricLoss.Evaluate(Weights.Loss, Weights.HuberDelta, (rr * rr) + (rg * rg) + (rb * rb), out double weight);
            PixelJacobian(p, _row);
            ReadOnlySpan<double> j = row.Slice(first, count);
            double target = _photo[(3 * p) + channel] - image[(3 * p) + channel] + TensorPrimitives.Dot(j, _x.AsSpan(first, count));
            double ws = weight * scale;
            for (int m = 0; m < count; m++)
            {
                double jm = ws * j[m];
                b[m] += jm * target;
                TensorPrimitives.MultiplyAdd(j, jm, a.Slice(m * count, count), a.Slice(m * count, count));
            }
        }
    }

    /// <summary>Solves A·x = b in place (b becomes x) for symmetric positive-definite A (row-major n × n) by Cholesky.</summary>
    private void Solve(Span<double> a, int n, Span<double> b)
    {
        _solver.Factor(a[..(n * n)], n, _zeros.AsSpan(0, n));
        _solver.GradientToPreconditioned(b[..n]);
        b[..n].CopyTo(_solution.AsSpan(0, n));
        _solver.ToNatural(_solution.AsSpan(0, n), b[..n]);
    }

    /// <summary>Converts the optimiser's z back into the full natural variables (returned by <see cref="Natural"/>).</summary>
    public void Unscale(ReadOnlySpan<double> z)
    {
        int offset = ActiveOffset, dim = Dimension;
        _preconditioner.ToNatural(z[..dim], _active.AsSpan(0, dim));
        _active.AsSpan(0, dim).CopyTo(_x.AsSpan(offset, dim));
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> z, Span<double> gradient)
    {
        int offset = ActiveOffset, dim = Dimension;
        _preconditioner.ToNatural(z[..dim], _active.AsSpan(0, dim));
        _active.AsSpan(0, dim).CopyTo(_x.AsSpan(offset, dim));
        double value = EvaluateNatural(_x, _g, GeometryActive);
        _g.AsSpan(offset, dim).CopyTo(gradient);
        _preconditioner.GradientToPreconditioned(gradient[..dim]);
        return value;
    }

    /// <summary>Value and full gradient at natural variables x (for tests and diagnostics; geometry gradient included).</summary>
    public double EvaluateNatural(ReadOnlySpan<double> x, Span<double> gradient)
    {
        x[.._count].CopyTo(_x);
        return EvaluateNatural(_x, gradient, geometryGradient: true);
    }

    /// <summary>Renders natural variables x into <see cref="Renderer"/> (image, mask) without evaluating the loss.</summary>
    public void Render(ReadOnlySpan<double> x)
    {
        x[.._count].CopyTo(_x);
        if (!_geometry.Update(_x))
        {
            throw new ArgumentException("the pose or shape holds NaN or infinite values.", nameof(x));
        }

        UpdateAppearance(_x);
    }

    /// <summary>Mean absolute and root-mean-square difference over the current mask, in grey levels (0–255).</summary>
    public (double Mae, double Rmse, int Pixels) MaskError()
    {
        ReadOnlySpan<double> image = _renderer.Image;
        double abs = 0, squares = 0;
        int count = 0;
        foreach (int p in _renderer.MaskPixels)
        {
            for (int c = 0; c < 3; c++)
            {
                double r = image[(3 * p) + c] - _photo[(3 * p) + c];
                abs += Math.Abs(r);
                squares += r * r;
            }

            count++;
        }

        return count == 0 ? (double.NaN, double.NaN, 0) : (255 * abs / (3 * count), 255 * Math.Sqrt(squares / (3 * count)), count);
    }

    /// <summary>The landmark term's projected landmarks (crop pixels) and RMSE at natural x.</summary>
    public double ProjectLandmarks(ReadOnlySpan<double> x, Span<Point2> fitted) => _geometry.ProjectLandmarks(x, fitted);

    private double EvaluateNatural(double[] x, Span<double> gradient, bool geometryGradient)
    {
        gradient[.._count].Clear();
        if (!_geometry.Update(x))
        {
            return double.PositiveInfinity;
        }

        UpdateAppearance(x);
        ReadOnlySpan<int> mask = _renderer.MaskPixels;
        if (mask.IsEmpty)
        {
            return double.PositiveInfinity;
        }

        // Photometric term and ∂E/∂image.
        PhotometricWeights w = Weights;
        ReadOnlySpan<double> image = _renderer.Image;
        foreach (int p in _renderer.CoveredPixels)
        {
            _pixelGradient[3 * p] = _pixelGradient[(3 * p) + 1] = _pixelGradient[(3 * p) + 2] = 0;
        }

        double scale = w.Photometric / mask.Length, sum = 0;
        foreach (int p in mask)
        {
            double rr = GreyLevels * (image[3 * p] - _photo[3 * p]), rg = GreyLevels * (image[(3 * p) + 1] - _photo[(3 * p) + 1]), rb = GreyLevels * (image[(3 * p) + 2] - _photo[(3 * p) + 2]);
            sum += PhotometricLoss.Evaluate(w.Loss, w.HuberDelta, (rr * rr) + (rg * rg) + (rb * rb), out double weight);
            double k = 2 * GreyLevels * scale * weight;
            _pixelGradient[3 * p] = k * rr;
            _pixelGradient[(3 * p) + 1] = k * rg;
            _pixelGradient[(3 * p) + 2] = k * rb;
        }

        double value = scale * sum;
        _renderer.Backward(_pixelGradient, _gradients, geometryGradient);

        // Appearance.
        int texOffset = TextureOffset, lightOffset = LightingOffset;
        for (int k = 0; k < _kTex; k++)
        {
            gradient[texOffset + k] = _basis.IsUvMap
                ? TensorPrimitives.Dot(_basis.TextureColumn(k), _gradients.Texture)
                : TensorPrimitives.Dot(_basis.AlbedoColumn(k), _gradients.VertexAlbedo);
        }

        _gradients.Lighting.CopyTo(gradient.Slice(lightOffset, Light));

        // Geometry.
        if (geometryGradient)
        {
            _geometry.Backpropagate(_gradients, gradient);
        }

        // Landmarks.
        value += _geometry.AddLandmarks(x, w.Landmark, geometryGradient ? gradient : []);

        // Priors.
        int kId = _basis.IdentityCount;
        value += Prior(x.AsSpan(6, kId), w.PriorIdentity, gradient.Slice(6, kId));
        value += Prior(x.AsSpan(6 + kId, _basis.ExpressionCount), w.PriorExpression, gradient.Slice(6 + kId, _basis.ExpressionCount));
        value += Prior(x.AsSpan(texOffset, _kTex), w.PriorTexture, gradient.Slice(texOffset, _kTex));
        for (int j = 0; j < Light; j++)
        {
            double d = x[lightOffset + j] - _lightingPrior[j];
            value += w.PriorLighting * d * d;
            gradient[lightOffset + j] += 2 * w.PriorLighting * d;
        }

        return value;
    }

    private static double Prior(ReadOnlySpan<double> c, double lambda, Span<double> gradient)
    {
        TensorPrimitives.MultiplyAdd(c, 2 * lambda, gradient, gradient);
        return lambda * TensorPrimitives.Dot(c, c);
    }

    private void UpdateAppearance(double[] x)
    {
        ReadOnlySpan<double> gamma = x.AsSpan(TextureOffset, _kTex), lighting = x.AsSpan(LightingOffset, Light);
        if (_texture is not null)
        {
            _basis.EvaluateTexture(gamma, _texture);
            _renderer.Shade(lighting, _texture);
        }
        else
        {
            _basis.EvaluateAlbedo(gamma, _albedo);
            _renderer.Shade(lighting, _albedo);
        }
    }

    /// <summary>Builds the Gauss–Newton preconditioner at the current natural variables (see the class remarks).</summary>
    private void Precondition()
    {
        int offset = ActiveOffset, n = Dimension;
        ReadOnlySpan<int> mask = _renderer.MaskPixels;
        int stride = Math.Max(1, (mask.Length + PreconditionerPixels - 1) / PreconditionerPixels);
        int samples = 0;
        for (int k = 0; k < mask.Length && samples < PreconditionerPixels; k += stride)
        {
            samples++;
        }

        int residuals = 3 * samples, capacity = _residualCapacity;
        _jacobianT.AsSpan(0, n * capacity).Clear();
        double pixelScale = 2 * Weights.Photometric / _normaliser * mask.Length / samples;
        ReadOnlySpan<double> image = _renderer.Image;
        int s = 0;
        for (int k = 0; k < mask.Length && s < samples; k += stride, s++)
        {
            int p = mask[k];
            double rr = GreyLevels * (image[3 * p] - _photo[3 * p]), rg = GreyLevels * (image[(3 * p) + 1] - _photo[(3 * p) + 1]), rb = GreyLevels * (image[(3 * p) + 2] - _photo[(3 * p) + 2]);
            PhotometricLoss.Evaluate(Weights.Loss, Weights.HuberDelta, (rr * rr) + (rg * rg) + (rb * rb), out double weight);
            PixelJacobian(p, _row);
            double root = GreyLevels * Math.Sqrt(pixelScale * weight);
            for (int j = 0; j < n; j++)
            {
                int column = (j * capacity) + (3 * s);
                _jacobianT[column] = root * _row[offset + j];
                _jacobianT[column + 1] = root * _row[_count + offset + j];
                _jacobianT[column + 2] = root * _row[(2 * _count) + offset + j];
            }
        }

        Span<double> h = _hessian.AsSpan(0, n * n);
        CholeskyPreconditioner.GaussNewton(_jacobianT, n, capacity, residuals, 1, h);

        if (GeometryActive)
        {
            _geometry.AddLandmarkHessian(_x, Weights.Landmark, h, n);
        }

        PhotometricWeights w = Weights;
        int kId = _basis.IdentityCount;
        for (int j = 0; j < n; j++)
        {
            int variable = offset + j;
            double lambda = variable < 6 ? 0
                : variable < 6 + kId ? w.PriorIdentity
                : variable < TextureOffset ? w.PriorExpression
                : variable < LightingOffset ? w.PriorTexture
                : w.PriorLighting;
            h[(j * n) + j] += 2 * lambda;
        }

        _preconditioner.Factor(h, n, _x.AsSpan(offset, n));
    }

    /// <summary>
    /// The Jacobian of one mask pixel's colour with respect to all variables, written as three rows of
    /// <see cref="VariableCount"/> values into <paramref name="rows"/> (normals held fixed; see the class remarks).
    /// </summary>
    private void PixelJacobian(int p, Span<double> rows)
    {
        rows[..(3 * _count)].Clear();
        ReadOnlySpan<int> tri = _basis.Mesh.Triangles;
        int f = _renderer.TriangleAt[p];
        double b1 = _renderer.Barycentric1[p], b2 = _renderer.Barycentric2[p], b0 = 1 - b1 - b2;
        Span<int> v = [tri[3 * f], tri[(3 * f) + 1], tri[(3 * f) + 2]];
        Span<double> b = [b0, b1, b2];
        _geometry.ScreenBarycentricGradients(v[0], v[1], v[2], out double gx0, out double gx1, out double gx2, out double gy0, out double gy1, out double gy2);
        Span<double> gbx = [gx0, gx1, gx2];
        Span<double> gby = [gy0, gy1, gy2];
        ReadOnlySpan<double> shading = _renderer.VertexShading, basisH = _renderer.ShadingBasis;
        int texOffset = TextureOffset, lightOffset = LightingOffset;

        // Colour gradient in the image, ∂c/∂p (3 × 2), and the appearance rows.
        Span<double> dcdx = stackalloc double[3];
        Span<double> dcdy = stackalloc double[3];
        if (_texture is null)
        {
            ReadOnlySpan<double> albedo = _renderer.VertexAlbedo;
            _geometry.VertexColourGradient(p, dcdx, dcdy);
            for (int c = 0; c < 3; c++)
            {
                Span<double> row = rows.Slice(c * _count, _count);
                for (int m = 0; m < _kTex; m++)
                {
                    ReadOnlySpan<double> column = _basis.AlbedoColumn(m);
                    row[texOffset + m] = (b[0] * shading[(3 * v[0]) + c] * column[(3 * v[0]) + c])
                        + (b[1] * shading[(3 * v[1]) + c] * column[(3 * v[1]) + c])
                        + (b[2] * shading[(3 * v[2]) + c] * column[(3 * v[2]) + c]);
                }

                for (int j = 0; j < SphericalHarmonics.BasisCount; j++)
                {
                    row[lightOffset + (9 * c) + j] = (b[0] * albedo[(3 * v[0]) + c] * basisH[(9 * v[0]) + j])
                        + (b[1] * albedo[(3 * v[1]) + c] * basisH[(9 * v[1]) + j])
                        + (b[2] * albedo[(3 * v[2]) + c] * basisH[(9 * v[2]) + j]);
                }
            }
        }
        else
        {
            ReadOnlySpan<float> uvs = _basis.Mesh.CornerUvs;
            int corner = 6 * f;
            double u = (b[0] * uvs[corner]) + (b[1] * uvs[corner + 2]) + (b[2] * uvs[corner + 4]);
            double w = (b[0] * uvs[corner + 1]) + (b[1] * uvs[corner + 3]) + (b[2] * uvs[corner + 5]);
            double dux = (uvs[corner] * gbx[0]) + (uvs[corner + 2] * gbx[1]) + (uvs[corner + 4] * gbx[2]);
            double duy = (uvs[corner] * gby[0]) + (uvs[corner + 2] * gby[1]) + (uvs[corner + 4] * gby[2]);
            double dvx = (uvs[corner + 1] * gbx[0]) + (uvs[corner + 3] * gbx[1]) + (uvs[corner + 5] * gbx[2]);
            double dvy = (uvs[corner + 1] * gby[0]) + (uvs[corner + 3] * gby[1]) + (uvs[corner + 5] * gby[2]);
            Span<double> t = stackalloc double[3];
            Span<double> tu = stackalloc double[3];
            Span<double> tv = stackalloc double[3];
            _texture.Sample(u, w, t, tu, tv);
            (int ta, int tb, int tc, int td, double wa, double wb, double wc, double wd) = _texture.Taps(u, w);
            for (int c = 0; c < 3; c++)
            {
                double e = (b[0] * shading[(3 * v[0]) + c]) + (b[1] * shading[(3 * v[1]) + c]) + (b[2] * shading[(3 * v[2]) + c]);
                double dex = (shading[(3 * v[0]) + c] * gbx[0]) + (shading[(3 * v[1]) + c] * gbx[1]) + (shading[(3 * v[2]) + c] * gbx[2]);
                double dey = (shading[(3 * v[0]) + c] * gby[0]) + (shading[(3 * v[1]) + c] * gby[1]) + (shading[(3 * v[2]) + c] * gby[2]);
                dcdx[c] = (e * ((tu[c] * dux) + (tv[c] * dvx))) + (t[c] * dex);
                dcdy[c] = (e * ((tu[c] * duy) + (tv[c] * dvy))) + (t[c] * dey);
                Span<double> row = rows.Slice(c * _count, _count);
                for (int m = 0; m < _kTex; m++)
                {
                    ReadOnlySpan<float> column = _basis.TextureColumn(m);
                    row[texOffset + m] = e * ((wa * column[ta + c]) + (wb * column[tb + c]) + (wc * column[tc + c]) + (wd * column[td + c]));
                }

                for (int j = 0; j < SphericalHarmonics.BasisCount; j++)
                {
                    row[lightOffset + (9 * c) + j] = t[c] * ((b[0] * basisH[(9 * v[0]) + j]) + (b[1] * basisH[(9 * v[1]) + j]) + (b[2] * basisH[(9 * v[2]) + j]));
                }
            }
        }

        if (!GeometryActive)
        {
            return;
        }

        // Image motion of the surface point, M (2 × (6 + K)), then J_geometry = −(∂c/∂p)·M.
        int geometry = 6 + _kShape;
        Span<double> motion = stackalloc double[2 * geometry];
        _geometry.ImageMotion(p, motion);
        for (int c = 0; c < 3; c++)
        {
            Span<double> row = rows.Slice(c * _count, _count);
            for (int j = 0; j < geometry; j++)
            {
                row[j] = -((dcdx[c] * motion[j]) + (dcdy[c] * motion[geometry + j]));
            }
        }
    }
}
