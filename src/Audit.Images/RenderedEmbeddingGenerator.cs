using System.Numerics.Tensors;
using Facebench.Audit.Golden;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Facebench.Identity;
using Facebench.Rendering;

namespace Facebench.Audit.Images;

/// <summary>
/// The golden loop's generator on images: a latent z = [α (identity), γ (albedo)] in σ units of a morphable model and
/// a per-vertex texture model is rendered in one fixed capture, aligned to the recogniser's 112×112 crop, and read as
/// the L2-normalised face-recognition embedding, f(z) = φ(W·I(S(α), T(γ))) / ‖φ(·)‖ — the features of Gecer et al.'s
/// identity loss (GANFIT, CVPR 2019) used as the feature space of generative moment matching (Li, Swersky &amp; Zemel
/// 2015). <see cref="PullBack"/> is the exact vector-Jacobian product in reverse order: the normalisation's Jacobian
/// (I − f·fᵀ)/‖φ‖, the network's backward model (src/Onnx.Gradients), the warp's adjoint, the renderer's reverse pass
/// (vertex positions and albedo, <see cref="DifferentiableRenderer.Backward"/>) and the two linear models' bases.
/// <para>
/// The alignment is that of the MEAN face in the fixed capture, used for every latent: ArcFace aligns a photo by its
/// five landmarks, but here the camera does not move, so one similarity places every render in the crop as a fixed
/// camera rig would, and the shape differences between faces stay visible to the network instead of being partly
/// normalised away; the warp is then linear in the image and the whole map differentiable. As in the renderer, pixels
/// that change triangle or leave the silhouette are not differentiated (their share is small for coefficient steps
/// well below 1σ, which is what the tests check).
/// </para>
/// Not thread-safe (one renderer, one crop); allocation-free apart from the network's outputs.
/// </summary>
public sealed class RenderedEmbeddingGenerator : IFeatureGenerator
{
    private readonly IMorphableModel _model;
    private readonly ITextureModel _texture;
    private readonly FaceRecognitionNetwork _network;
    private readonly DifferentiableRenderer _renderer;
    private readonly AlignedFaceWarp _warp;
    private readonly Mat3 _rotation;
    private readonly Vec3 _translation;
    private readonly RenderCamera _camera;
    private readonly double[] _lighting = new double[SphericalHarmonics.CoefficientCount];
    private readonly int _identityCount, _textureCount;

    // σ-scaled columns of the two bases that the latent uses, row-major [3N × k], so that the pull-back is a
    // sequence of contiguous multiply-adds.
    private readonly double[] _identityColumns, _textureColumns;

    private readonly float[] _identity, _albedoCoefficients, _vertices, _albedoValues, _crop, _embeddingGradient;
    private readonly double[] _positions, _albedo, _pixelGradient;
    private readonly RenderGradients _gradients;

    /// <summary>Prepares the capture and the buffers.</summary>
    /// <param name="model">The morphable model whose identity coefficients are the first part of the latent.</param>
    /// <param name="texture">A per-vertex texture model of the same mesh, whose coefficients are the second part.</param>
    /// <param name="network">The recogniser (its backward model gives the gradient on the crop).</param>
    /// <param name="settings">Latent make-up and capture.</param>
    /// <exception cref="ArgumentException">Mismatched model and texture, a UV texture, too many components, or a capture that does not see the face.</exception>
    public RenderedEmbeddingGenerator(IMorphableModel model, ITextureModel texture, FaceRecognitionNetwork network, RenderedEmbeddingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(texture);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(settings);
        if (texture.Layout != TextureLayout.PerVertex || texture.VertexCount != model.VertexCount)
        {
            throw new ArgumentException($"the image generator needs a per-vertex texture model of the shape model's {model.VertexCount} vertices; '{texture.Name}' is a {texture.Layout} model of {texture.VertexCount}.");
        }

        if (settings.IdentityComponents < 0 || settings.IdentityComponents > model.IdentityCount
            || settings.TextureComponents < 0 || settings.TextureComponents > texture.ComponentCount
            || settings.IdentityComponents + settings.TextureComponents == 0)
        {
            throw new ArgumentException($"the latent takes 0..{model.IdentityCount} identity components of '{model.Name}' and 0..{texture.ComponentCount} albedo components of '{texture.Name}', at least one in all; {settings.IdentityComponents} and {settings.TextureComponents} were asked for.");
        }

        if (settings.ImageSize < 32 || !(settings.FaceFraction is > 0 and <= 1) || !(settings.FieldOfView is > 1 and < 170))
        {
            throw new ArgumentException($"the capture needs an image of ≥ 32 pixels, a face fraction in (0, 1] and a field of view in (1, 170) degrees; got {settings.ImageSize}, {settings.FaceFraction}, {settings.FieldOfView}.");
        }

        _model = model;
        _texture = texture;
        _network = network;
        Settings = settings;
        _identityCount = settings.IdentityComponents;
        _textureCount = settings.TextureComponents;
        int n = model.VertexCount, size = settings.ImageSize;

        _renderer = new DifferentiableRenderer(new RenderMesh(n, model.Triangles.ToArray()), size, size)
        {
            Background = ((float)settings.Background, (float)settings.Background, (float)settings.Background),
        };
        CameraIntrinsics intrinsics = CameraIntrinsics.FromFieldOfView(size, size, settings.FieldOfView);
        _camera = RenderCamera.Perspective(intrinsics);
        _rotation = HeadPose.CameraFromModel(new HeadAngles(settings.Yaw, settings.Pitch, 0));
        ReadOnlySpan<float> mean = model.Mean;
        double jawWidth = (Landmark(mean, model.Landmarks.Points[16]) - Landmark(mean, model.Landmarks.Points[0])).Length;
        _translation = new Vec3(0, 0, intrinsics.FocalLength * jawWidth / (settings.FaceFraction * size));
        SphericalHarmonics.AmbientAndDirectional(settings.Ambient, settings.Directional, settings.LightDirection, (1, 1, 1), _lighting);

        var meanLandmarks = new Point2[LandmarkEmbedding.IbugCount];
        for (int i = 0; i < meanLandmarks.Length; i++)
        {
            LandmarkBinding b = model.Landmarks.Points[i];
            meanLandmarks[i] = b.IsMapped ? Pinhole.Project(intrinsics, HeadPose.Transform(_rotation, 1, _translation, Landmark(mean, b))) : Point2.Missing;
        }

        _warp = network.Warp(meanLandmarks, size, size);

        _identityColumns = ScaledColumns(model.IdentityBasis, model.IdentityCount, model.IdentityStdDev, _identityCount);
        _textureColumns = ScaledColumns(texture.Basis, texture.ComponentCount, texture.StdDev, _textureCount);
        _identity = new float[_identityCount];
        _albedoCoefficients = new float[_textureCount];
        _vertices = new float[3 * n];
        _albedoValues = new float[3 * n];
        _positions = new double[3 * n];
        _albedo = new double[3 * n];
        _crop = new float[_warp.CropLength];
        _pixelGradient = new double[3 * size * size];
        _gradients = new RenderGradients(n);
        _embeddingGradient = new float[network.Forward(_crop).Embedding.Length];
        FeatureDimension = _embeddingGradient.Length;
    }

    /// <summary>Latent make-up and capture.</summary>
    public RenderedEmbeddingSettings Settings { get; }

    /// <inheritdoc />
    public int LatentDimension => _identityCount + _textureCount;

    /// <inheritdoc />
    public int FeatureDimension { get; }

    /// <inheritdoc />
    public bool IsDifferentiable => true;

    /// <summary>The render of the last <see cref="Features"/> or <see cref="PullBack"/> (interleaved RGB in [0, 1], <see cref="RenderedEmbeddingSettings.ImageSize"/> square).</summary>
    public ReadOnlySpan<double> Image => _renderer.Image;

    /// <summary>The latent of a face with the given identity and albedo coefficients (the leading components are kept).</summary>
    public double[] Latent(ReadOnlySpan<float> identity, ReadOnlySpan<float> albedo)
    {
        var z = new double[LatentDimension];
        for (int k = 0; k < Math.Min(_identityCount, identity.Length); k++)
        {
            z[k] = identity[k];
        }

        for (int k = 0; k < Math.Min(_textureCount, albedo.Length); k++)
        {
            z[_identityCount + k] = albedo[k];
        }

        return z;
    }

    /// <inheritdoc />
    public double[] Features(double[] latent)
    {
        float[] embedding = Embed(latent);
        double norm = Norm(embedding);
        var f = new double[embedding.Length];
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = embedding[i] / norm;
        }

        return f;
    }

    /// <inheritdoc />
    public void PullBack(double[] latent, double[] featureGradient, double[] latentGradient)
    {
        if (featureGradient.Length != FeatureDimension || latentGradient.Length != LatentDimension)
        {
            throw new ArgumentException($"the feature gradient must hold {FeatureDimension} values and the latent gradient {LatentDimension}.");
        }

        // f = e/‖e‖: ∂f/∂e = (I − f·fᵀ)/‖e‖, symmetric, so the upstream gradient on e is (g − f·(f·g))/‖e‖.
        float[] e = Embed(latent);
        double norm = Norm(e), fg = 0;
        for (int i = 0; i < e.Length; i++)
        {
            fg += e[i] / norm * featureGradient[i];
        }

        for (int i = 0; i < e.Length; i++)
        {
            _embeddingGradient[i] = (float)((featureGradient[i] - (e[i] / norm * fg)) / norm);
        }

        float[] cropGradient = _network.Backward(_crop, _embeddingGradient, []);
        Array.Clear(_pixelGradient);
        _warp.Backward(cropGradient, _pixelGradient);
        _renderer.Backward(_pixelGradient, _gradients, geometry: _identityCount > 0);

        Span<double> identityGradient = latentGradient.AsSpan(0, _identityCount);
        Span<double> albedoGradient = latentGradient.AsSpan(_identityCount, _textureCount);
        PullThroughBasis(_gradients.Positions, _identityColumns, identityGradient);
        PullThroughBasis(_gradients.VertexAlbedo, _textureColumns, albedoGradient);
    }

    /// <summary>Renders the latent's face into the crop and returns the network's raw embedding.</summary>
    private float[] Embed(double[] latent)
    {
        if (latent.Length != LatentDimension)
        {
            throw new ArgumentException($"the latent holds {latent.Length} values; this generator takes {LatentDimension} ({_identityCount} identity + {_textureCount} albedo).", nameof(latent));
        }

        foreach (double value in latent)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("the latent holds NaN or infinite values.", nameof(latent));
            }
        }

        for (int k = 0; k < _identityCount; k++)
        {
            _identity[k] = (float)latent[k];
        }

        for (int k = 0; k < _textureCount; k++)
        {
            _albedoCoefficients[k] = (float)latent[_identityCount + k];
        }

        _model.Evaluate(_identity, [], _vertices);
        _texture.Evaluate(_albedoCoefficients, _albedoValues);
        for (int i = 0; i < _positions.Length; i++)
        {
            _positions[i] = _vertices[i];
            _albedo[i] = _albedoValues[i];
        }
        _renderer.SetGeometry(_positions, _rotation, _translation, 1, _camera);
        _renderer.Shade(_lighting, _albedo);
        _warp.Forward(_renderer.Image, _crop);
        float[] embedding = _network.Forward(_crop).Embedding;
        if (!(Norm(embedding) > 0))
        {
            throw new InvalidOperationException($"{_network.Path}: the embedding of the render has length zero; it cannot be normalised.");
        }

        return embedding;
    }

    /// <summary>gradient[k] = Σ_r columns[r, k] · values[r]: the transpose of a linear model's σ-scaled basis.</summary>
    private static void PullThroughBasis(ReadOnlySpan<double> values, double[] columns, Span<double> gradient)
    {
        gradient.Clear();
        int k = gradient.Length;
        if (k == 0)
        {
            return;
        }

        for (int r = 0; r < values.Length; r++)
        {
            double v = values[r];
            if (v != 0)
            {
                TensorPrimitives.MultiplyAdd(columns.AsSpan(r * k, k), v, gradient, gradient);
            }
        }
    }

    private static double[] ScaledColumns(ReadOnlySpan<float> basis, int components, ReadOnlySpan<float> stdDev, int used)
    {
        int rows = components == 0 ? 0 : basis.Length / components;
        var columns = new double[rows * used];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < used; k++)
            {
                columns[(r * used) + k] = (double)basis[(r * components) + k] * stdDev[k];
            }
        }

        return columns;
    }

    private static Vec3 Landmark(ReadOnlySpan<float> vertices, LandmarkBinding b) =>
        (b.W0 * Vec3.Read(vertices.Slice(3 * b.V0, 3))) + (b.W1 * Vec3.Read(vertices.Slice(3 * b.V1, 3))) + (b.W2 * Vec3.Read(vertices.Slice(3 * b.V2, 3)));

    private static double Norm(float[] v)
    {
        double sum = 0;
        foreach (float x in v)
        {
            sum += (double)x * x;
        }

        return Math.Sqrt(sum);
    }
}
