using System.Diagnostics;
using System.Globalization;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;
using Facebench.Fitting;
using Facebench.Fitting.Generative;
using Facebench.Fitting.Photometric;
using Facebench.Identity;
using Facebench.Imaging;
using Facebench.Morphable.Wavefront;
using Facebench.Rendering;

namespace Facebench.Plugins.Fit.TextureGan;

/// <summary>
/// GANFIT's schedule on a photo (Gecer et al., CVPR 2019): landmarks (landmark fit), photometric (analysis by synthesis
/// with the linear texture model: pose, shape, expression, albedo, light), then the generator: its latent code and the
/// light against the photometric term on that geometry, and finally all terms (photometric, identity, content, landmarks,
/// priors) over latent, light, shape, expression and pose (<c>joint_geometry</c>; false keeps the photometric fit's
/// geometry). Stores the comparison of the linear and generator textures (<see cref="TextureGanFacets.Result"/>) and writes, per photo, the side-by-side renders over the
/// photo (PNG) and the fitted mesh with the generator's vertex colours (OBJ; with uv, a material and the texture baked
/// into the uv layout as PNG where the model has texture coordinates) under <c>texture-gan/</c> in the run folder.
/// </summary>
[Plugin("fit.texture-gan", PluginKind.Stage, "1.1.0", "GANFIT: landmarks -> photometric (linear texture) -> generator latent, light, shape, expression, pose under photometric + identity + landmarks + priors")]
public sealed class FitTextureGanStage : Plugin<FitTextureGanOptions>, IStage, IDisposable
{
    private IMorphableModel? _model;
    private ITextureGenerator? _generator;
    private PhotometricFitter? _fitter;
    private LandmarkFitter? _landmarkFitter;
    private FaceRecognitionNetwork? _network;

    /// <inheritdoc />
    public void Dispose() => _network?.Dispose();

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        FitTextureGanOptions o = Options;
        foreach ((string name, double value) in new[] { ("photometric_weight", o.PhotometricWeight), ("identity_weight", o.IdentityWeight), ("content_weight", o.ContentWeight), ("prior_latent", o.PriorLatent), ("prior_lighting", o.PriorLighting), ("landmark_weight", o.LandmarkWeight), ("prior_identity", o.PriorIdentity), ("prior_expression", o.PriorExpression) })
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw new PluginInputException($"fit.texture-gan: option '{name}' must be a finite number ≥ 0, not {value}.");
            }
        }

        if (o.ContentWeight > 0 && o.ContentLayers.Length == 0)
        {
            throw new PluginInputException("fit.texture-gan: content_weight > 0 needs content_layers (tensor names of the recogniser's activations).");
        }

        if (o.UvTextureSize is < 16 or > 8192)
        {
            throw new PluginInputException($"fit.texture-gan: uv_texture_size must be between 16 and 8192 texels, not {o.UvTextureSize}.");
        }

        if (o.Iterations < 0 || o.PhotometricIterations < 0 || o.JointIterations < 0)
        {
            throw new PluginInputException("fit.texture-gan: iterations, photometric_iterations and joint_iterations must be 0 or more.");
        }

        _model = Context.GetComponent<IMorphableModel>(o.Model);
        ITextureModel texture = Context.GetComponent<ITextureModel>(o.Texture);
        if (texture.VertexCount != _model.VertexCount)
        {
            throw new PluginInputException($"fit.texture-gan: texture '{o.Texture}' ({texture.VertexCount} vertices) is not for model '{o.Model}' ({_model.VertexCount} vertices).");
        }

        string recogniser = Path.GetFullPath(Path.Combine(Context.PipelineDirectory, o.Recogniser));
        if (!File.Exists(recogniser))
        {
            throw new PluginInputException($"fit.texture-gan: no recogniser model {recogniser} (run ./build.sh --target=assets for faceplugin's fr_feature.onnx).", recogniser);
        }

        if (Context.IsValidationOnly)
        {
            return; // the generator components build their networks only for a real run
        }

        _generator = Context.GetComponent<ITextureGenerator>(o.Generator);
        if (_generator.VertexCount != _model.VertexCount)
        {
            throw new PluginInputException($"fit.texture-gan: generator '{o.Generator}' ({_generator.Name}, {_generator.VertexCount} vertices) is not for model '{o.Model}' ({_model.VertexCount} vertices).");
        }

        try
        {
            _network = new FaceRecognitionNetwork(recogniser, new FaceRecognitionSettings { Std = o.RecogniserStd, ContentLayers = o.ContentLayers, Session = new Onnx.OnnxSessionSettings { IntraOpThreads = 1 } });
        }
        catch (InvalidDataException e)
        {
            // e.g. a content layer that is not a tensor of the recogniser: the message names the file and the tensor.
            throw new PluginInputException($"fit.texture-gan: {e.Message}", recogniser, e);
        }

        _fitter = new PhotometricFitter(_model, texture, new PhotometricFitterOptions { Contours = false });
        _landmarkFitter = new LandmarkFitter(_model, new LandmarkFitterOptions { Contours = false });
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        PhotometricFitter fitter = _fitter ?? throw new InvalidOperationException("fit.texture-gan was not initialised for processing (validation-only run?).");
        string where = sample.ImagePath is { } file ? $"sample '{sample.Id}' ({file})" : $"sample '{sample.Id}'";
        if (!sample.TryGet(CoreFacets.Landmarks, out Point2[] landmarks) || landmarks.Length != 68)
        {
            throw new InvalidOperationException($"{where} has no 68 observed landmarks ('{CoreFacets.Landmarks.Name}'): put a landmark stage before fit.texture-gan.");
        }

        ImageBuffer photo = sample.TryGet(CoreFacets.Image, out ImageBuffer image) ? image
            : sample.ImagePath is { } path ? ImageCodec.Load(path)
            : throw new InvalidOperationException($"{where} has no photo.");
        CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(photo.Width, photo.Height, Options.FieldOfView);

        // 1–2. Landmarks, then the photometric fit with the linear texture.
        long begin = Stopwatch.GetTimestamp();
        PhotometricFit fit;
        LandmarkFitResult landmarkStage;
        try
        {
            _landmarkFitter!.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
            landmarkStage = _landmarkFitter.ToResult(camera);
            fit = fitter.Fit(photo, camera, landmarks, landmarkStage);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InsufficientLandmarksException)
        {
            throw new InvalidOperationException($"{where}: the landmark or photometric fit failed: {e.Message}", e);
        }

        double linearMs = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
        DifferentiableRenderer renderer = fitter.Objective.Renderer;
        double[] crop = fitter.Objective.Photo.ToArray();
        double k = renderer.Width / fit.Crop.Width;
        Point2[] cropLandmarks = landmarks.Select(p => new Point2(((p.X - fit.Crop.X + 0.5) * k) - 0.5, ((p.Y - fit.Crop.Y + 0.5) * k) - 0.5)).ToArray();
        double[] linearComposite = Composite(renderer, crop);
        double linearCosine = new IdentityLoss(_network!, crop, renderer.Width, renderer.Height, cropLandmarks, new IdentityLossWeights(1, 0)).Evaluate(renderer.Image, renderer.Mask, []).Cosine;

        // 3. The generator: photometric term on the photometric fit's geometry, then all terms (with the geometry).
        var weights = new GenerativeTextureWeights
        {
            Photometric = Options.PhotometricWeight,
            Identity = Options.IdentityWeight,
            Content = Options.ContentWeight,
            PriorLatent = Options.PriorLatent,
            PriorLighting = Options.PriorLighting,
            Landmark = Options.LandmarkWeight,
            PriorIdentity = Options.PriorIdentity,
            PriorExpression = Options.PriorExpression,
        };
        PhotometricBasis basis = fitter.Objective.Basis;
        double[] geometry = fit.GeometryVariables();
        GenerativeTextureFit Generate(GenerativeTextureWeights w)
        {
            // The photometric fit leaves its rotation as the chain's reference (ω = 0 in g).
            fitter.Objective.Place(fit.Rotation);
            return new GenerativeTextureFitter(_generator!, _network, w) { PhotometricIterations = Options.PhotometricIterations, Iterations = Options.Iterations, JointIterations = Options.JointIterations, JointGeometry = Options.JointGeometry }
                .Fit(fitter.Objective.Geometry, geometry, crop, cropLandmarks, fit.Lighting);
        }

        double withoutIdentity = Options.CompareWithoutIdentity ? Generate(weights with { Identity = 0, Content = 0 }).IdentityCosine : double.NaN;
        GenerativeTextureFit generated = Generate(weights);

        string folder = Path.Combine(Context.RunDirectory, "texture-gan");
        Directory.CreateDirectory(folder);
        string stem = string.Concat(sample.Id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        string comparison = Path.Combine("texture-gan", $"{sample.Index:D4}-{stem}-comparison.png");
        string mesh = Path.Combine("texture-gan", $"{sample.Index:D4}-{stem}-generator.obj");
        ImageCodec.SavePng(SideBySide(renderer.Width, renderer.Height, crop, linearComposite, generated.Composite), Path.Combine(Context.RunDirectory, comparison));
        // The mesh of the last stage's shape (the photometric fit's when the geometry is kept), and how far it moved.
        float[] identity = generated.Geometry.AsSpan(6, basis.IdentityCount).ToArray().Select(v => (float)v).ToArray();
        float[] expression = generated.Geometry.AsSpan(6 + basis.IdentityCount, basis.ExpressionCount).ToArray().Select(v => (float)v).ToArray();
        var vertices = new float[3 * _model!.VertexCount];
        var before = new float[3 * _model.VertexCount];
        _model.Evaluate(identity, expression, vertices);
        _model.Evaluate(fit.Identity, fit.Expression, before);
        double shapeChange = Math.Sqrt(vertices.Zip(before, (a, b) => (double)(a - b) * (a - b)).Sum() / _model.VertexCount);
        Point2[] generatorLandmarks = generated.FittedLandmarks.Select(p => p.IsValid ? new Point2(((p.X + 0.5) / k) + fit.Crop.X - 0.5, ((p.Y + 0.5) / k) + fit.Crop.Y - 0.5) : Point2.Missing).ToArray();

        // Where the model has a uv layout (SFM, the reference head), the per-vertex texture is also baked into a uv
        // image and the OBJ refers to it through a material, for viewers that ignore vertex colours.
        string uvTexture = "";
        ObjMaterial? material = null;
        if (_model.TextureCoordinates.Length == 2 * _model.VertexCount)
        {
            uvTexture = Path.ChangeExtension(mesh, ".png");
            string library = Path.ChangeExtension(mesh, ".mtl");
            double[] baked = UvTextureBaker.Bake(_model.TextureCoordinates, _model.Triangles, generated.Texture, Options.UvTextureSize, out _);
            ImageCodec.SavePng(ImageConversion.ToRgb24(baked, Options.UvTextureSize, Options.UvTextureSize), Path.Combine(Context.RunDirectory, uvTexture));
            MtlWriter.Write(Path.Combine(Context.RunDirectory, library), "generator", Path.GetFileName(uvTexture));
            material = new ObjMaterial(Path.GetFileName(library), "generator");
        }

        ObjWriter.Write(
            Path.Combine(Context.RunDirectory, mesh), vertices, _model.Triangles, material is null ? default : _model.TextureCoordinates,
            string.Create(CultureInfo.InvariantCulture, $"{_model.Name}, fitted to {sample.Id}; vertex colours: {_generator!.Name}, latent [{string.Join(", ", generated.Latent.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))}]"),
            generated.Texture, material);

        return sample.With(TextureGanFacets.Result, new TextureGanResult
        {
            LinearIdentityCosine = linearCosine,
            GeneratorIdentityCosine = generated.IdentityCosine,
            GeneratorIdentityCosineWithoutIdentity = withoutIdentity,
            LinearPhotometricMae = fit.PhotometricError,
            GeneratorPhotometricMae = generated.PhotometricMae,
            LandmarkStageNme = LandmarkError.Nme(landmarkStage.FittedLandmarks, landmarks),
            LandmarkNme = LandmarkError.Nme(fit.FittedLandmarks, landmarks),
            GeneratorLandmarkNme = LandmarkError.Nme(generatorLandmarks, landmarks),
            GeneratorPhotometricStageMae = generated.PhotometricStageMae,
            JointGeometry = Options.JointGeometry,
            ShapeChange = shapeChange,
            AllTermsLossStart = generated.StartTotal,
            AllTermsLossFrozen = generated.FrozenTotal,
            AllTermsLossEnd = generated.Total,
            LinearFitMs = linearMs,
            GeneratorFitMs = generated.FitTimeMs,
            Comparison = comparison,
            Mesh = mesh,
            UvTexture = uvTexture,
        });
    }

    /// <summary>The render composited over the photo crop (the render where its face mask is).</summary>
    private static double[] Composite(DifferentiableRenderer renderer, double[] crop)
    {
        double[] composite = (double[])crop.Clone();
        ReadOnlySpan<double> image = renderer.Image;
        foreach (int p in renderer.MaskPixels)
        {
            composite[3 * p] = image[3 * p];
            composite[(3 * p) + 1] = image[(3 * p) + 1];
            composite[(3 * p) + 2] = image[(3 * p) + 2];
        }

        return composite;
    }

    private static ImageBuffer SideBySide(int width, int height, params double[][] panels)
    {
        var rgb = new double[3 * width * height * panels.Length];
        int stride = width * panels.Length;
        for (int i = 0; i < panels.Length; i++)
        {
            for (int y = 0; y < height; y++)
            {
                panels[i].AsSpan(3 * y * width, 3 * width).CopyTo(rgb.AsSpan(3 * ((y * stride) + (i * width)), 3 * width));
            }
        }

        return ImageConversion.ToRgb24(rgb, stride, height);
    }
}
