using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Photometric;
using Facebench.Identity;
using Facebench.Rendering;

namespace Facebench.Fitting.Generative;

/// <summary>
/// The texture stage's objective over x = [g, z (latent), ℓ (27 SH coefficients)]:
/// <code>
/// E(x) = w_p · mean_{p ∈ mask} √(‖I_p(x) − Î_p‖² + ε²) + w_id·(1 − cos(φ(Î), φ(c(x)))) + w_c·content
///        + (w_L / L)·E_lmk(g) + λ_id‖α‖² + λ_exp‖β‖² + λ_z‖z‖² + λ_ℓ‖ℓ − ℓ₀‖²
/// </code>
/// with I(x) the render of G(z) under ℓ on the geometry g = [ω, t, α, β] (<see cref="GeometryChain"/>), Î the photo crop
/// and c the render composited over it (GANFIT, Gecer et al., CVPR 2019, eq. 2–5, whose last stage optimises the
/// latent, shape, expression, pose and lighting together; the photometric term is their per-pixel ℓ2 norm, smoothed by
/// ε). The gradient runs through the identity network (<see cref="IdentityLoss"/>) and, with the photometric term's,
/// through the renderer's reverse pass into the albedo (then the generator's vector-Jacobian product) and, when the
/// geometry is variable, into the vertices and pose (then the chain to g).
/// <para>
/// Three modes: no geometry (a renderer whose geometry was set elsewhere; x = [z, ℓ], no landmark or shape terms),
/// geometry frozen at g₀ (x = [z, ℓ], the landmark and shape terms a constant so that values compare with the joint
/// mode's), and geometry variable (x = [g, z, ℓ]).
/// </para>
/// <para>
/// Preconditioning of g (joint mode, <see cref="Evaluate"/> only): ω in radians, t in millimetres and α, β in σ differ
/// by orders of magnitude in curvature, so the optimiser sees z_g with g = g₀ + L⁻ᵀz_g, LLᵀ the Gauss–Newton Hessian of
/// the photometric, landmark and shape-prior terms in g at the stage's start (as <see cref="PhotometricObjective"/> does:
/// pixel Jacobians through the barycentrics with normals held fixed, the robust penalty's IRLS weights). The latent and
/// lighting stay in their own units, as in the frozen-geometry stage. <see cref="EvaluateNatural"/> is unpreconditioned.
/// </para>
/// Allocation-free per evaluation after construction; one instance per thread.
/// </summary>
public sealed class GenerativeTextureObjective : IDifferentiableFunction
{
    private const double Epsilon = 1e-3;
    private const int Light = SphericalHarmonics.CoefficientCount;
    private const int PreconditionerPixels = 1500;

    private readonly DifferentiableRenderer _renderer;
    private readonly GeometryChain? _chain;
    private readonly ITextureGenerator _generator;
    private readonly IdentityLoss? _identity;
    private readonly double[] _photo;
    private readonly double[] _lightingPrior;
    private readonly RenderGradients _gradients;
    private readonly float[] _latent;
    private readonly float[] _texture;
    private readonly double[] _albedo;
    private readonly float[] _albedoGradient;
    private readonly float[] _latentGradient;
    private readonly double[] _pixelGradient;
    private readonly int[] _vertexMap;
    private readonly double[] _geometry = [];
    private readonly double[] _natural = [];
    private readonly double[] _geometryGradient = [];
    private readonly CholeskyPreconditioner? _preconditioner;

    /// <summary>Creates the objective on a renderer whose geometry is set (e.g. a photometric fit's final render).</summary>
    /// <param name="renderer">The renderer, geometry set.</param>
    /// <param name="photo">The photo crop the renderer's camera sees (interleaved RGB in [0, 1]).</param>
    /// <param name="generator">A per-vertex texture generator for the renderer's mesh.</param>
    /// <param name="identity">The identity loss of the photo (its weights are used as they are), or null.</param>
    /// <param name="lightingPrior">ℓ₀.</param>
    /// <param name="weights">The weights (the identity and content weights live in <paramref name="identity"/>).</param>
    /// <param name="vertexMap">
    /// For each vertex of the renderer's mesh, its index in the generator's mesh (a photometric basis renders the face
    /// region only: <c>PhotometricBasis.VertexMap</c>); null when the meshes are the same.
    /// </param>
    public GenerativeTextureObjective(DifferentiableRenderer renderer, ReadOnlySpan<double> photo, ITextureGenerator generator, IdentityLoss? identity, ReadOnlySpan<double> lightingPrior, GenerativeTextureWeights weights, int[]? vertexMap = null)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(weights);
        _vertexMap = vertexMap ?? Enumerable.Range(0, renderer.Mesh.VertexCount).ToArray();
        if (generator.Layout != TextureLayout.PerVertex || _vertexMap.Length != renderer.Mesh.VertexCount || _vertexMap.Any(v => (uint)v >= (uint)generator.VertexCount))
        {
            throw new ArgumentException($"the texture stage renders per-vertex generators through a map of the mesh's {renderer.Mesh.VertexCount} vertices; '{generator.Name}' is a {generator.Layout} generator for {generator.VertexCount} vertices and the map has {_vertexMap.Length} entries.");
        }

        if (photo.Length != 3 * renderer.Width * renderer.Height || lightingPrior.Length != Light)
        {
            throw new ArgumentException($"the photo must hold {3 * renderer.Width * renderer.Height} values and the lighting {Light}.");
        }

        _renderer = renderer;
        _generator = generator;
        _identity = identity;
        _photo = photo.ToArray();
        _lightingPrior = lightingPrior.ToArray();
        Weights = weights;
        _gradients = new RenderGradients(renderer.Mesh.VertexCount);
        _latent = new float[generator.LatentCount];
        _texture = new float[generator.ValueCount];
        _albedo = new double[3 * renderer.Mesh.VertexCount];
        _albedoGradient = new float[generator.ValueCount];
        _latentGradient = new float[generator.LatentCount];
        _pixelGradient = new double[_photo.Length];
    }

    /// <summary>
    /// Creates the objective on a fit's geometry chain (its renderer, basis, camera, landmarks and reference rotation),
    /// starting at geometry g₀, with the geometry variable (<paramref name="geometryActive"/>) or frozen at g₀.
    /// </summary>
    /// <param name="chain">The chain of the fit this stage continues (e.g. <see cref="PhotometricObjective.Geometry"/>).</param>
    /// <param name="geometry">g₀ = [ω, t, α, β] (ω an increment on the chain's reference rotation).</param>
    /// <param name="photo">The photo crop (interleaved RGB in [0, 1]).</param>
    /// <param name="generator">A per-vertex texture generator for the model's full mesh.</param>
    /// <param name="identity">The identity loss of the photo, or null.</param>
    /// <param name="lightingPrior">ℓ₀.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="geometryActive">True: g is a variable (x = [g, z, ℓ]); false: frozen at g₀ (x = [z, ℓ]).</param>
    public GenerativeTextureObjective(GeometryChain chain, ReadOnlySpan<double> geometry, ReadOnlySpan<double> photo, ITextureGenerator generator, IdentityLoss? identity, ReadOnlySpan<double> lightingPrior, GenerativeTextureWeights weights, bool geometryActive)
        : this(chain?.Renderer ?? throw new ArgumentNullException(nameof(chain)), photo, generator, identity, lightingPrior, weights, chain.Basis.VertexMap)
    {
        if (geometry.Length != chain.Count || !TensorPrimitives.IsFiniteAll(geometry))
        {
            throw new ArgumentException($"the start geometry must hold {chain.Count} finite values (pose and {chain.Basis.ShapeCount} shape coefficients).", nameof(geometry));
        }

        _chain = chain;
        _geometry = geometry.ToArray();
        GeometryActive = geometryActive;
        GeometryCount = geometryActive ? chain.Count : 0;
        _natural = new double[GeometryCount];
        _geometryGradient = new double[chain.Count];
        if (geometryActive)
        {
            _preconditioner = new CholeskyPreconditioner(chain.Count);
            _preconditioner.SetIdentity(chain.Count);
            _geometry.CopyTo(_natural, 0);
        }

        // The chain's landmark term and reference rotation start at g₀.
        chain.Start(chain.ReferenceRotation, _geometry);
    }

    /// <summary>The weights.</summary>
    public GenerativeTextureWeights Weights { get; }

    /// <summary>True when g is a variable (the first <see cref="GeometryCount"/> entries of x).</summary>
    public bool GeometryActive { get; }

    /// <summary>Number of geometry variables at the front of x (0 unless <see cref="GeometryActive"/>).</summary>
    public int GeometryCount { get; }

    /// <inheritdoc />
    public int Dimension => GeometryCount + _generator.LatentCount + Light;

    /// <summary>The last evaluation's terms: photometric (mean RGB distance), identity (its loss value), landmark (weighted), total.</summary>
    public (double Photometric, IdentityLossValue Identity, double Landmark, double Total) Last { get; private set; }

    /// <summary>The renderer (its image holds the last evaluation).</summary>
    public DifferentiableRenderer Renderer => _renderer;

    /// <summary>The geometry chain, or null when the geometry was set elsewhere.</summary>
    public GeometryChain? Chain => _chain;

    /// <summary>The photo crop.</summary>
    public ReadOnlySpan<double> Photo => _photo;

    /// <summary>
    /// Builds the geometry preconditioner at natural x (joint mode; see the class remarks) with x's geometry as the
    /// reference, and writes the optimiser's start into <paramref name="z"/> (geometry part 0, the rest x's).
    /// </summary>
    public void Precondition(ReadOnlySpan<double> x, Span<double> z)
    {
        x[..Dimension].CopyTo(z);
        if (_chain is null || _preconditioner is null)
        {
            return;
        }

        int n = GeometryCount;
        EvaluateNatural(x, []); // renders x; the value's photometric term floors the IRLS weights below
        var h = new double[n * n];
        var jt = new double[n * 3 * PreconditionerPixels];
        Span<double> motion = stackalloc double[2 * n];
        Span<double> dcdx = stackalloc double[3];
        Span<double> dcdy = stackalloc double[3];
        ReadOnlySpan<int> mask = _renderer.MaskPixels;
        ReadOnlySpan<double> image = _renderer.Image;
        int stride = Math.Max(1, (mask.Length + PreconditionerPixels - 1) / PreconditionerPixels);
        int samples = (mask.Length + stride - 1) / stride;

        // IRLS weights of the smoothed ℓ2 norm, floored at the mean residual so that a pixel the fit already matches
        // does not dominate the curvature.
        double mean = Last.Photometric;
        double scale = Weights.Photometric / Math.Max(1, mask.Length) * mask.Length / Math.Max(1, samples);
        int s = 0;
        for (int k = 0; k < mask.Length; k += stride, s++)
        {
            int p = mask[k];
            double r = image[3 * p] - _photo[3 * p], g = image[(3 * p) + 1] - _photo[(3 * p) + 1], b = image[(3 * p) + 2] - _photo[(3 * p) + 2];
            double d = Math.Max(Math.Sqrt((r * r) + (g * g) + (b * b) + (Epsilon * Epsilon)), mean);
            double root = Math.Sqrt(scale / d);
            _chain.ImageMotion(p, motion);
            _chain.VertexColourGradient(p, dcdx, dcdy);
            for (int c = 0; c < 3; c++)
            {
                for (int j = 0; j < n; j++)
                {
                    jt[(j * 3 * samples) + (3 * s) + c] = -root * ((dcdx[c] * motion[j]) + (dcdy[c] * motion[n + j]));
                }
            }
        }

        CholeskyPreconditioner.GaussNewton(jt, n, 3 * samples, 3 * samples, 1, h);

        _chain.AddLandmarkHessian(x[..n], Weights.Landmark, h, n);
        int kId = _chain.Basis.IdentityCount;
        for (int j = 6; j < n; j++)
        {
            h[(j * n) + j] += 2 * (j < 6 + kId ? Weights.PriorIdentity : Weights.PriorExpression);
        }

        _preconditioner.Factor(h, n, x[..n]);
        z[..n].Clear();
    }

    /// <summary>Converts the optimiser's variables z into natural x (the geometry through the preconditioner).</summary>
    public void ToNatural(ReadOnlySpan<double> z, Span<double> x)
    {
        z[..Dimension].CopyTo(x);
        _preconditioner?.ToNatural(z[..GeometryCount], x[..GeometryCount]);
    }

    /// <inheritdoc />
    /// <remarks>In the optimiser's variables: in joint mode the geometry is preconditioned (<see cref="Precondition"/>).</remarks>
    public double Evaluate(ReadOnlySpan<double> z, Span<double> gradient)
    {
        if (_preconditioner is null)
        {
            return EvaluateNatural(z, gradient);
        }

        int n = GeometryCount;
        _preconditioner.ToNatural(z[..n], _natural);
        double value = EvaluateParts(_natural, z[n..], gradient);
        if (!gradient.IsEmpty)
        {
            _preconditioner.GradientToPreconditioned(gradient[..n]);
        }

        return value;
    }

    /// <summary>Value and gradient at natural variables x (no preconditioning).</summary>
    public double EvaluateNatural(ReadOnlySpan<double> x, Span<double> gradient) =>
        EvaluateParts(x[..GeometryCount], x[GeometryCount..Dimension], gradient);

    /// <summary>The geometry of the last evaluation: x's in joint mode, g₀ when frozen (empty without a chain).</summary>
    public ReadOnlySpan<double> Geometry => GeometryActive ? _natural : _geometry;

    private double EvaluateParts(ReadOnlySpan<double> geometry, ReadOnlySpan<double> appearance, Span<double> gradient)
    {
        int l = _generator.LatentCount, offset = GeometryCount;
        if (_chain is not null)
        {
            ReadOnlySpan<double> g = GeometryActive ? geometry : _geometry;
            if (GeometryActive && !geometry.Overlaps(_natural))
            {
                geometry.CopyTo(_natural);
            }

            if (!_chain.Update(g) || _renderer.MaskPixels.IsEmpty)
            {
                return double.PositiveInfinity;
            }
        }

        for (int i = 0; i < l; i++)
        {
            _latent[i] = (float)appearance[i];
        }

        ReadOnlySpan<double> lighting = appearance.Slice(l, Light);
        _generator.Evaluate(_latent, _texture);
        for (int j = 0; j < _vertexMap.Length; j++)
        {
            int v = _vertexMap[j];
            _albedo[3 * j] = _texture[3 * v];
            _albedo[(3 * j) + 1] = _texture[(3 * v) + 1];
            _albedo[(3 * j) + 2] = _texture[(3 * v) + 2];
        }

        _renderer.Shade(lighting, _albedo);
        Array.Clear(_pixelGradient);
        ReadOnlySpan<double> image = _renderer.Image;
        ReadOnlySpan<int> mask = _renderer.MaskPixels;
        double photometric = 0, scale = Weights.Photometric / Math.Max(1, mask.Length);
        foreach (int p in mask)
        {
            double r = image[3 * p] - _photo[3 * p], g = image[(3 * p) + 1] - _photo[(3 * p) + 1], b = image[(3 * p) + 2] - _photo[(3 * p) + 2];
            double d = Math.Sqrt((r * r) + (g * g) + (b * b) + (Epsilon * Epsilon));
            photometric += d;
            _pixelGradient[3 * p] = scale * r / d;
            _pixelGradient[(3 * p) + 1] = scale * g / d;
            _pixelGradient[(3 * p) + 2] = scale * b / d;
        }

        photometric /= Math.Max(1, mask.Length);
        IdentityLossValue identity = _identity is null ? default : _identity.Evaluate(image, _renderer.Mask, gradient.IsEmpty ? [] : _pixelGradient);
        double prior = 0;
        for (int i = 0; i < l; i++)
        {
            prior += Weights.PriorLatent * appearance[i] * appearance[i];
        }

        for (int i = 0; i < Light; i++)
        {
            double d = lighting[i] - _lightingPrior[i];
            prior += Weights.PriorLighting * d * d;
        }

        // Landmarks and shape priors on the geometry (a constant when it is frozen).
        double landmark = 0;
        Span<double> geometryGradient = _geometryGradient;
        if (_chain is not null)
        {
            ReadOnlySpan<double> g = GeometryActive ? geometry : _geometry;
            geometryGradient.Clear();
            landmark = _chain.AddLandmarks(g, Weights.Landmark, GeometryActive && !gradient.IsEmpty ? geometryGradient : []);
            int kId = _chain.Basis.IdentityCount, kExp = _chain.Basis.ExpressionCount;
            prior += ShapePrior(g.Slice(6, kId), Weights.PriorIdentity, geometryGradient.Slice(6, kId));
            prior += ShapePrior(g.Slice(6 + kId, kExp), Weights.PriorExpression, geometryGradient.Slice(6 + kId, kExp));
        }

        double total = (Weights.Photometric * photometric) + identity.Total + landmark + prior;
        Last = (photometric, identity, landmark, total);
        if (gradient.IsEmpty)
        {
            return total;
        }

        _renderer.Backward(_pixelGradient, _gradients, geometry: GeometryActive);
        if (GeometryActive)
        {
            // ∂E/∂g: the render's (photometric and identity, through vertices and pose) plus landmarks and priors.
            _chain!.Backpropagate(_gradients, gradient[..offset]);
            TensorPrimitives.Add(gradient[..offset], geometryGradient, gradient[..offset]);
        }

        Array.Clear(_albedoGradient);
        for (int j = 0; j < _vertexMap.Length; j++)
        {
            int v = _vertexMap[j];
            _albedoGradient[3 * v] += (float)_gradients.VertexAlbedo[3 * j];
            _albedoGradient[(3 * v) + 1] += (float)_gradients.VertexAlbedo[(3 * j) + 1];
            _albedoGradient[(3 * v) + 2] += (float)_gradients.VertexAlbedo[(3 * j) + 2];
        }

        _generator.Backward(_latent, _albedoGradient, _latentGradient);
        for (int i = 0; i < l; i++)
        {
            gradient[offset + i] = _latentGradient[i] + (2 * Weights.PriorLatent * appearance[i]);
        }

        for (int i = 0; i < Light; i++)
        {
            gradient[offset + l + i] = _gradients.Lighting[i] + (2 * Weights.PriorLighting * (lighting[i] - _lightingPrior[i]));
        }

        return total;
    }

    private static double ShapePrior(ReadOnlySpan<double> c, double lambda, Span<double> gradient)
    {
        TensorPrimitives.MultiplyAdd(c, 2 * lambda, gradient, gradient);
        return lambda * TensorPrimitives.Dot(c, c);
    }
}
