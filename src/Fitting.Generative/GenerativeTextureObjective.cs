using Facebench.Contracts.Morphable;
using Facebench.Identity;
using Facebench.Rendering;

namespace Facebench.Fitting.Generative;

/// <summary>
/// The texture stage's objective over x = [z (latent), ℓ (27 SH coefficients)] with the geometry frozen:
/// <code>
/// E(x) = w_p · mean_{p ∈ mask} √(‖I_p(x) − Î_p‖² + ε²) + w_id·(1 − cos(φ(Î), φ(c(x)))) + w_c·content + λ_z‖z‖² + λ_ℓ‖ℓ − ℓ₀‖²
/// </code>
/// with I(x) the render of G(z) under ℓ, Î the photo crop and c the render composited over it (GANFIT, Gecer et al.,
/// CVPR 2019, eq. 2–5; the photometric term is their per-pixel ℓ2 norm, smoothed by ε). The gradient runs through the
/// identity network (<see cref="IdentityLoss"/>), the renderer's appearance reverse pass and the generator's
/// vector-Jacobian product.
/// </summary>
public sealed class GenerativeTextureObjective : IDifferentiableFunction
{
    private const double Epsilon = 1e-3;
    private const int Light = SphericalHarmonics.CoefficientCount;

    private readonly DifferentiableRenderer _renderer;
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

    /// <summary>The weights.</summary>
    public GenerativeTextureWeights Weights { get; }

    /// <inheritdoc />
    public int Dimension => _generator.LatentCount + Light;

    /// <summary>The last evaluation's terms: photometric (mean RGB distance), identity (its loss value), total.</summary>
    public (double Photometric, IdentityLossValue Identity, double Total) Last { get; private set; }

    /// <summary>The renderer (its image holds the last evaluation).</summary>
    public DifferentiableRenderer Renderer => _renderer;

    /// <summary>The photo crop.</summary>
    public ReadOnlySpan<double> Photo => _photo;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int l = _generator.LatentCount;
        for (int i = 0; i < l; i++)
        {
            _latent[i] = (float)x[i];
        }

        ReadOnlySpan<double> lighting = x.Slice(l, Light);
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
            prior += Weights.PriorLatent * x[i] * x[i];
        }

        for (int i = 0; i < Light; i++)
        {
            double d = lighting[i] - _lightingPrior[i];
            prior += Weights.PriorLighting * d * d;
        }

        double total = (Weights.Photometric * photometric) + identity.Total + prior;
        Last = (photometric, identity, total);
        if (gradient.IsEmpty)
        {
            return total;
        }

        _renderer.Backward(_pixelGradient, _gradients, geometry: false);
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
            gradient[i] = _latentGradient[i] + (2 * Weights.PriorLatent * x[i]);
        }

        for (int i = 0; i < Light; i++)
        {
            gradient[l + i] = _gradients.Lighting[i] + (2 * Weights.PriorLighting * (lighting[i] - _lightingPrior[i]));
        }

        return total;
    }
}
