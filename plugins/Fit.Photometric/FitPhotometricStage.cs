using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;
using Facebench.Fitting;
using Facebench.Fitting.Photometric;
using Facebench.Geometry;
using Facebench.Identity;
using Facebench.Imaging;
using Facebench.Rendering;

namespace Facebench.Plugins.Fit.Photometric;

/// <summary>
/// Fits a morphable model and a texture model to each sample's photo by analysis by synthesis
/// (<see cref="PhotometricFitter"/>): starting from the sample's landmark fit (or fitting the landmarks itself), it
/// minimises the masked photometric error plus a landmark term and priors over pose, shape, expression, albedo and SH
/// lighting, and stores a <see cref="PhotometricFitResult"/> (and, for reports, the crop, render and mask).
/// The runner creates one instance per worker, so each owns its fitter and buffers. A sample without a photo or
/// landmarks, or whose face the model does not cover, fails with the reason, its id and its file; the run goes on.
/// When the model or the texture is an optional component that is not configured (<see cref="IOptionalModel"/>: a
/// licensed model whose file the user has not pointed at), the stage passes samples through and says so once, so
/// that a comparison of several models runs with those it has.
/// </summary>
[Plugin("fit.photometric", PluginKind.Stage, "1.0.0", "Analysis by synthesis: fits shape, expression, pose, albedo and SH lighting to the photo (differentiable renderer, preconditioned L-BFGS)")]
public sealed class FitPhotometricStage : Plugin<FitPhotometricOptions>, IStage, IDisposable
{
    private PhotometricFitter? _fitter;
    private LandmarkFitter? _landmarkFitter;
    private FacetKey<LandmarkFitResult> _start = FittingFacets.LandmarkFit;
    private FacetKey<LandmarkFitResult>? _view;
    private FacetKey<PhotometricFitResult> _fitKey = PhotometricFacets.Fit;
    private FacetKey<PhotometricRender> _renderKey = PhotometricFacets.Render;
    private FacetKey<PhotometricPreview> _previewKey = PhotometricFacets.Preview(PhotometricFacets.Fit.Name);
    private string? _recogniserPath;
    private FaceRecognitionNetwork? _recogniser;

    /// <inheritdoc />
    public void Dispose() => _recogniser?.Dispose();

    /// <summary>Why the stage passes samples through (its model or texture is not configured), or null when it fits.</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        FitPhotometricOptions o = Options;
        Check(o.ImageSize is >= 32 and <= 4096, "image_size", $"must be 32..4096 pixels, not {o.ImageSize}");
        Check(o.CropScale >= 1 && double.IsFinite(o.CropScale), "crop_scale", $"must be at least 1, not {o.CropScale}");
        Check(o.AppearanceIterations >= 0 && o.Iterations >= 0, "iterations", "and appearance_iterations must be 0 or more");
        Check(o.RoundIterations >= 1, "round_iterations", $"must be at least 1, not {o.RoundIterations}");
        Check(o.TextureSize >= 2, "texture_size", $"must be at least 2, not {o.TextureSize}");
        Check(o.RenderThreads is >= 1 and <= 64, "render_threads", $"must be 1..64, not {o.RenderThreads}");
        Check(o.Shape >= -1 && o.Expression >= -1 && o.TextureComponents >= -1, "shape", "expression and texture_components must be -1 (all) or a number of components");
        Check(o.PhotometricWeight > 0 && double.IsFinite(o.PhotometricWeight), "photometric_weight", $"must be positive, not {o.PhotometricWeight}");
        foreach ((string name, double value) in new[] { ("landmark_weight", o.LandmarkWeight), ("prior_identity", o.PriorIdentity), ("prior_expression", o.PriorExpression), ("prior_texture", o.PriorTexture), ("prior_lighting", o.PriorLighting) })
        {
            Check(value >= 0 && double.IsFinite(value), name, $"must be a finite number ≥ 0, not {value}");
        }

        Check(o.Loss != PhotometricLossKind.Huber || (o.Huber > 0 && double.IsFinite(o.Huber)), "huber", $"must be a positive number of grey levels, not {o.Huber}");
        Check(o.FocalLength >= 0 && double.IsFinite(o.FocalLength), "focal_length", $"must be 0 (automatic) or positive, not {o.FocalLength}");
        Check(o.FieldOfView > 0 && o.FieldOfView < 180, "field_of_view", $"must be between 0 and 180 degrees, not {o.FieldOfView}");
        Check(!string.IsNullOrWhiteSpace(o.LandmarkFit), "landmark_fit", "must name the facet of the landmark fit to start from");
        _start = o.LandmarkFit == FittingFacets.LandmarkFit.Name ? FittingFacets.LandmarkFit : new FacetKey<LandmarkFitResult>(o.LandmarkFit);
        _view = o.FitFacet.Length == 0 ? null : o.FitFacet == FittingFacets.LandmarkFit.Name ? FittingFacets.LandmarkFit : new FacetKey<LandmarkFitResult>(o.FitFacet);
        Check(_view is null || _view.Name != _start.Name, "fit_facet", $"must differ from landmark_fit ('{o.LandmarkFit}'): the landmark fit the stage starts from is kept");
        Check(!string.IsNullOrWhiteSpace(o.Facet) && o.Facet != o.LandmarkFit && o.Facet != o.FitFacet, "facet", "must be a facet name other than landmark_fit and fit_facet");
        (_fitKey, _renderKey) = PhotometricFacets.Named(o.Facet);
        _previewKey = PhotometricFacets.Preview(o.Facet);
        Check(o.Previews >= 0, "previews", $"must be 0 or more, not {o.Previews}");
        Check(o.RecogniserStd > 0 && double.IsFinite(o.RecogniserStd), "recogniser_std", $"must be positive, not {o.RecogniserStd}");

        SkipReason = Unavailable(o.Model, "model") ?? Unavailable(o.Texture, "texture");
        if (SkipReason is not null)
        {
            Context.Warn($"fit.photometric ({o.Facet}): skipped, {SkipReason}.");
            return;
        }

        IMorphableModel model = Context.GetComponent<IMorphableModel>(o.Model);
        ITextureModel texture = Context.GetComponent<ITextureModel>(o.Texture);
        if (texture.VertexCount != model.VertexCount)
        {
            throw new PluginInputException($"fit.photometric: texture '{o.Texture}' ({texture.Name}) is for a mesh of {texture.VertexCount} vertices; model '{o.Model}' ({model.Name}) has {model.VertexCount}.");
        }

        if (texture.Layout == TextureLayout.UvMap && texture.CornerUvs.Length != 2 * model.Triangles.Length)
        {
            throw new PluginInputException($"fit.photometric: texture '{o.Texture}' has texture coordinates for {texture.CornerUvs.Length / 6} triangles; model '{o.Model}' has {model.Triangles.Length / 3}.");
        }

        if (model.Landmarks.MappedCount < LandmarkFitter.MinimumStaticLandmarks)
        {
            throw new PluginInputException($"fit.photometric: model '{o.Model}' ({model.Name}) maps only {model.Landmarks.MappedCount} of the 68 landmarks; at least {LandmarkFitter.MinimumStaticLandmarks} are needed.");
        }

        if (o.Recogniser.Length > 0)
        {
            _recogniserPath = Path.GetFullPath(Path.Combine(Context.PipelineDirectory, o.Recogniser));
            if (!File.Exists(_recogniserPath))
            {
                throw new PluginInputException($"fit.photometric: option 'recogniser': no face-recognition model {_recogniserPath} (run ./build.sh --target=assets for faceplugin's fr_feature.onnx, or leave 'recogniser' empty).", _recogniserPath);
            }
        }

        if (Context.IsValidationOnly)
        {
            return;
        }

        if (_recogniserPath is not null)
        {
            try
            {
                _recogniser = new FaceRecognitionNetwork(_recogniserPath, new FaceRecognitionSettings { Std = o.RecogniserStd, Session = new Onnx.OnnxSessionSettings { IntraOpThreads = 1 } });
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                throw new PluginInputException($"fit.photometric: option 'recogniser': {e.Message}", _recogniserPath);
            }
        }

        var options = new PhotometricFitterOptions
        {
            ImageSize = o.ImageSize,
            CropScale = o.CropScale,
            IdentityCount = o.Shape,
            ExpressionCount = o.Expression,
            TextureCount = o.TextureComponents,
            TextureSize = o.TextureSize,
            AppearanceIterations = o.AppearanceIterations,
            Iterations = o.Iterations,
            RoundIterations = o.RoundIterations,
            RenderThreads = o.RenderThreads,
            Contours = o.Contours,
            Weights = new PhotometricWeights
            {
                Photometric = o.PhotometricWeight,
                Landmark = o.LandmarkWeight,
                Loss = o.Loss,
                HuberDelta = o.Huber,
                PriorIdentity = o.PriorIdentity,
                PriorExpression = o.PriorExpression,
                PriorTexture = o.PriorTexture,
                PriorLighting = o.PriorLighting,
            },
        };

        try
        {
            _fitter = new PhotometricFitter(model, texture, options);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"fit.photometric: model '{o.Model}' and texture '{o.Texture}' cannot be fitted together: {e.Message}");
        }

        _landmarkFitter = new LandmarkFitter(model, new LandmarkFitterOptions { IdentityCount = o.Shape, ExpressionCount = o.Expression, Contours = o.Contours });
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        if (SkipReason is not null)
        {
            return sample;
        }

        PhotometricFitter fitter = _fitter ?? throw new InvalidOperationException("fit.photometric was not initialised for processing (validation-only run?).");
        string where = sample.ImagePath is { } path ? $"sample '{sample.Id}' ({path})" : $"sample '{sample.Id}'";
        if (!sample.TryGet(CoreFacets.Landmarks, out Point2[] landmarks) || landmarks.Length != LandmarkEmbedding.IbugCount)
        {
            throw new InvalidOperationException($"{where} has no 68 observed landmarks ('{CoreFacets.Landmarks.Name}'): put a landmark stage before fit.photometric.");
        }

        ImageBuffer photo = LoadPhoto(sample, where);
        CameraIntrinsics camera = ResolveCamera(sample, photo, where);
        LandmarkFitResult start;
        if (!sample.TryGet(_start, out start))
        {
            start = FitLandmarks(landmarks, camera, where);
            sample = sample.With(_start, start);
        }

        CheckStart(start, where);

        PhotometricFit result;
        IdentityLoss? identity = null;
        double startCosine = double.NaN;
        try
        {
            result = fitter.Fit(photo, camera, landmarks, start, _recogniser is null ? null : (objective, crop) =>
            {
                identity = IdentityOf(objective, crop, landmarks, where);
                startCosine = Cosine(identity, objective);
            });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"{where}: the photometric fit failed: {e.Message}", e);
        }

        if (!double.IsFinite(result.FinalLoss) || !double.IsFinite(result.PhotometricError))
        {
            throw new InvalidOperationException($"{where}: the photometric fit ended at a non-finite loss ({result.FinalLoss}); the photo or the start holds values the model cannot render.");
        }

        var parameters = new FaceParameters(result.Identity, result.Expression, HeadPose.ToRigidPose(result.Rotation, result.Translation), HeadPose.ToHeadAngles(result.Rotation));
        var stored = new PhotometricFitResult
        {
            Parameters = parameters,
            Camera = camera,
            TextureCoefficients = result.TextureCoefficients,
            Lighting = result.Lighting,
            FittedLandmarks = result.FittedLandmarks,
            PhotometricError = result.PhotometricError,
            PhotometricRmse = result.PhotometricRmse,
            InitialPhotometricError = result.InitialPhotometricError,
            LandmarkNme = LandmarkError.Nme(result.FittedLandmarks, landmarks),
            InitialLandmarkNme = LandmarkError.Nme(start.FittedLandmarks, landmarks),
            IdentityCosine = identity is null ? double.NaN : Cosine(identity, fitter.Objective),
            InitialIdentityCosine = startCosine,
            LandmarkRmsePx = result.LandmarkRmsePx,
            MaskPixels = result.MaskPixels,
            ImageSize = Options.ImageSize,
            Crop = result.Crop,
            AppearanceIterations = result.AppearanceIterations,
            JointIterations = result.JointIterations,
            Evaluations = result.Evaluations,
            FinalLoss = result.FinalLoss,
            FitTimeMs = result.FitTimeMs,
        };

        sample = sample.With(_fitKey, stored);
        if (Options.KeepRender || sample.Index < Options.Previews)
        {
            PhotometricRender render = RenderFacet(fitter);
            sample = Options.KeepRender ? sample.With(_renderKey, render) : sample;
            sample = sample.Index < Options.Previews ? sample.With(_previewKey, Preview(render)) : sample;
        }

        if (_view is not null)
        {
            sample = sample.With(_view, new LandmarkFitResult
            {
                Parameters = parameters,
                Camera = camera,
                FittedLandmarks = result.FittedLandmarks,
                LandmarksUsed = result.FittedLandmarks.Count(p => p.IsValid),
                RmsePx = result.LandmarkRmsePx,
                RigidIterations = 0,
                NonRigidIterations = result.JointIterations,
                Evaluations = result.Evaluations,
                FinalLoss = result.FinalLoss,
                Converged = result.Status == LbfgsStatus.Converged,
                FitTimeMs = start.FitTimeMs + result.FitTimeMs,
            });
        }

        return sample;
    }

    /// <summary>
    /// The identity loss of the photo crop, aligned by the observed landmarks mapped into the crop as the fitter maps
    /// them (<see cref="PhotometricFitter.Prepare"/>); only its cosine is read (weights 1, 0).
    /// </summary>
    private IdentityLoss IdentityOf(PhotometricObjective objective, BoundingBox crop, Point2[] landmarks, string where)
    {
        double k = objective.Renderer.Width / crop.Width;
        Point2[] inCrop = [.. landmarks.Select(p => new Point2(((p.X - crop.X + 0.5) * k) - 0.5, ((p.Y - crop.Y + 0.5) * k) - 0.5))];
        try
        {
            return new IdentityLoss(_recogniser!, objective.Photo, objective.Renderer.Width, objective.Renderer.Height, inCrop, new IdentityLossWeights(1, 0));
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{where}: the identity cosine cannot be measured: {e.Message}", e);
        }
    }

    /// <summary>The identity cosine of the objective's current render composited over the photo crop.</summary>
    private static double Cosine(IdentityLoss identity, PhotometricObjective objective) =>
        identity.Evaluate(objective.Renderer.Image, objective.Renderer.Mask, []).Cosine;

    private string? Unavailable(string name, string role) =>
        OptionalComponents.UnavailableReason(Context, name) is { } reason ? $"{role} '{name}' is not configured ({reason})" : null;

    /// <summary>The decoded photo: the sample's image facet (a source or an earlier stage decoded it) or its file.</summary>
    private static ImageBuffer LoadPhoto(Sample sample, string where)
    {
        if (sample.TryGet(CoreFacets.Image, out ImageBuffer image))
        {
            return image;
        }

        return sample.ImagePath is { } path
            ? ImageCodec.Load(path)
            : throw new InvalidOperationException($"{where} has no photo: neither an '{CoreFacets.Image.Name}' facet nor an image path.");
    }

    /// <summary>The sample's camera (synthetic data), else a centred pinhole of focal_length or field_of_view over the photo's width.</summary>
    private CameraIntrinsics ResolveCamera(Sample sample, ImageBuffer photo, string where)
    {
        double focal = Options.FocalLength;
        if (sample.TryGet(MorphableFacets.Camera, out CameraIntrinsics camera))
        {
            if (camera.Width != photo.Width || camera.Height != photo.Height)
            {
                throw new InvalidOperationException($"{where}: its camera is for {camera.Width}×{camera.Height} pixels but the photo is {photo.Width}×{photo.Height}.");
            }

            return focal > 0 ? camera with { FocalLength = focal } : camera;
        }

        CameraIntrinsics fromFov = CameraIntrinsics.FromFieldOfView(photo.Width, photo.Height, Options.FieldOfView);
        return focal > 0 ? fromFov with { FocalLength = focal } : fromFov;
    }

    private LandmarkFitResult FitLandmarks(Point2[] landmarks, CameraIntrinsics camera, string where)
    {
        LandmarkFitter fitter = _landmarkFitter!;
        try
        {
            fitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        }
        catch (InsufficientLandmarksException e)
        {
            throw new InvalidOperationException($"{where}: no landmark fit to start from, and none possible: {e.Message}", e);
        }

        return fitter.ToResult(camera);
    }

    private static void CheckStart(LandmarkFitResult start, string where)
    {
        RigidPose pose = start.Parameters.Pose;
        bool finite = pose.Rotation.Length == 4 && pose.Translation.Length == 3
            && pose.Rotation.All(double.IsFinite) && pose.Translation.All(double.IsFinite)
            && start.Parameters.Identity.All(float.IsFinite) && start.Parameters.Expression.All(float.IsFinite);
        if (!finite)
        {
            throw new InvalidOperationException($"{where}: the landmark fit to start from holds NaN or infinite values.");
        }

        if (!(pose.Translation[2] > 0))
        {
            throw new InvalidOperationException($"{where}: the landmark fit puts the face behind the camera (z = {pose.Translation[2]}).");
        }
    }

    /// <summary>The crop, the render over the crop (inside the mask) and the mask, as 8-bit images.</summary>
    private static PhotometricRender RenderFacet(PhotometricFitter fitter)
    {
        PhotometricObjective objective = fitter.Objective;
        DifferentiableRenderer renderer = objective.Renderer;
        int size = renderer.Width;
        ReadOnlySpan<double> photo = objective.Photo;
        var composite = photo.ToArray();
        var mask = new byte[size * size];
        ReadOnlySpan<double> image = renderer.Image;
        foreach (int p in renderer.MaskPixels)
        {
            mask[p] = 1;
            composite[3 * p] = image[3 * p];
            composite[(3 * p) + 1] = image[(3 * p) + 1];
            composite[(3 * p) + 2] = image[(3 * p) + 2];
        }

        return new PhotometricRender(ImageConversion.ToRgb24(photo, size, size), ImageConversion.ToRgb24(composite, size, size), mask);
    }

    /// <summary>The render compressed for the results: JPEG photo and render, and the error map (see <see cref="PhotometricPreview"/>).</summary>
    private static PhotometricPreview Preview(PhotometricRender render)
    {
        byte[] photo = render.Photo.Pixels, image = render.Render.Pixels;
        var error = new byte[render.Mask.Length];
        for (int p = 0; p < error.Length; p++)
        {
            int sum = Math.Abs(image[3 * p] - photo[3 * p]) + Math.Abs(image[(3 * p) + 1] - photo[(3 * p) + 1]) + Math.Abs(image[(3 * p) + 2] - photo[(3 * p) + 2]);
            error[p] = render.Mask[p] == 0 ? PhotometricPreview.OutsideMask : (byte)Math.Min(PhotometricPreview.OutsideMask - 1, (sum + 1) / 3);
        }

        var map = new ImageBuffer(render.Photo.Width, render.Photo.Height, PixelFormat.Gray8, error);
        return new PhotometricPreview(ImageCodec.EncodeJpeg(render.Photo), ImageCodec.EncodeJpeg(render.Render), ImageCodec.EncodePng(map));
    }

    private static void Check(bool ok, string option, string message)
    {
        if (!ok)
        {
            throw new PluginInputException($"fit.photometric: option '{option}' {message}.");
        }
    }
}
