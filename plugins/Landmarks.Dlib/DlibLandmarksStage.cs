using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;
using Facebench.Landmarks.Ert;

namespace Facebench.Plugins.Landmarks.Dlib;

/// <summary>Where <c>landmarks.dlib</c> takes each sample's face box from.</summary>
public enum DlibBoxSource
{
    /// <summary>The sample's <c>face_box</c> facet (from a detector or an annotated source).</summary>
    FaceBox,

    /// <summary>A dlib-style box derived from the sample's ground-truth landmarks (for evaluating the landmarker alone).</summary>
    TrueLandmarks,
}

/// <summary>How <c>landmarks.dlib</c> turns the face box into the box dlib's model expects.</summary>
public enum DlibBoxMapping
{
    /// <summary>Use the box as it is (dlib HOG boxes, dlib imglab XML boxes).</summary>
    Identity,

    /// <summary>The calibrated map from OpenCV haarcascade_frontalface_default boxes (detect.haar) to dlib-style boxes.</summary>
    Haar,

    /// <summary>The map given by <c>box_scale</c>, <c>box_shift_x</c> and <c>box_shift_y</c>.</summary>
    Custom,
}

/// <summary>Options of <c>landmarks.dlib</c>.</summary>
public sealed class DlibLandmarksOptions
{
    /// <summary>The model file.</summary>
    [Option("dlib shape predictor .dat file; the default is the 68-point model of Debian's libdlib-data.")]
    [ResolvePath]
    public string Model { get; set; } = ShapePredictorModel.DebianModelPath;

    /// <summary>Box source.</summary>
    [Option("Where the face box comes from: face_box (the sample's face box facet) or true_landmarks (a box around the ground-truth landmarks).")]
    public DlibBoxSource Box { get; set; } = DlibBoxSource.FaceBox;

    /// <summary>Box mapping.</summary>
    [Option("Map the box to dlib's style first: identity (dlib boxes), haar (boxes from detect.haar with the frontal-face default cascade; calibrated), or custom (box_scale, box_shift_x, box_shift_y).")]
    public DlibBoxMapping BoxMapping { get; set; } = DlibBoxMapping.Identity;

    /// <summary>Custom scale.</summary>
    [Option("custom mapping: side length factor about the box centre.")]
    public double BoxScale { get; set; } = 1;

    /// <summary>Custom horizontal shift.</summary>
    [Option("custom mapping: centre shift right, in box widths.")]
    public double BoxShiftX { get; set; }

    /// <summary>Custom vertical shift.</summary>
    [Option("custom mapping: centre shift down, in box heights.")]
    public double BoxShiftY { get; set; }
}

/// <summary>Facets written by <c>landmarks.dlib</c> besides <see cref="CoreFacets.Landmarks"/>.</summary>
public static class DlibFacets
{
    /// <summary>The box the predictor ran on, after mapping (dlib's rectangle: left, top, width, height).</summary>
    public static readonly FacetKey<BoundingBox> PredictorBox = new("dlib_box");
}

/// <summary>
/// dlib's 68-point ERT landmarker (Kazemi &amp; Sullivan 2014) in C#, reproducing dlib 19.24's outputs exactly
/// (every point within 1e-13 px on the reference boxes). Uses the sample's decoded image when a previous stage or
/// the source attached one, else decodes <see cref="Sample.ImagePath"/> and attaches it for later stages. The
/// ~100 MB model loads once per process and is shared by all workers.
/// </summary>
[Plugin("landmarks.dlib", PluginKind.Stage, "1.0.0", "dlib 68-point shape predictor (ERT) on each face box; writes landmarks")]
public sealed class DlibLandmarksStage : Plugin<DlibLandmarksOptions>, IStage
{
    private ShapePredictor? _predictor;
    private FaceBoxMapping _mapping;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        _mapping = Options.BoxMapping switch
        {
            DlibBoxMapping.Haar => FaceBoxMapping.OpenCvHaarFrontalDefault,
            DlibBoxMapping.Custom => new FaceBoxMapping(Options.BoxScale, Options.BoxShiftX, Options.BoxShiftY),
            _ => FaceBoxMapping.Identity,
        };
        if (!(_mapping.Scale > 0) || !double.IsFinite(_mapping.Scale) || !double.IsFinite(_mapping.ShiftX) || !double.IsFinite(_mapping.ShiftY))
        {
            throw new PluginInputException($"box_scale must be a positive number and the shifts finite (got {_mapping}).");
        }

        if (!File.Exists(Options.Model))
        {
            string hint = Options.Model == ShapePredictorModel.DebianModelPath
                ? $" Install the Debian/Ubuntu package '{ShapePredictorModel.DebianPackage}' (sudo apt-get install {ShapePredictorModel.DebianPackage}, or ./build.sh --target=assets)."
                : "";
            throw new PluginInputException($"shape predictor model not found.{hint}", Options.Model);
        }

        if (!Context.IsValidationOnly)
        {
            _predictor = new ShapePredictor(ShapePredictorModel.LoadShared(Options.Model, path => Context.Info($"loading {path} (once per process)")));
        }
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        var predictor = _predictor ?? throw new InvalidOperationException("landmarks.dlib was not initialised for a run.");
        var box = _mapping.Apply(SourceBox(sample));
        if (!(box.Width >= 1 && box.Height >= 1 && double.IsFinite(box.X) && double.IsFinite(box.Y)))
        {
            throw new PluginInputException($"sample '{sample.Id}': face box {box} is degenerate; dlib needs at least one pixel each way.", sample.ImagePath);
        }

        if (!sample.TryGet(CoreFacets.Image, out ImageBuffer image))
        {
            image = ImageCodec.Load(sample.ImagePath ?? throw new PluginInputException($"sample '{sample.Id}' has neither a decoded image nor an image path."));
            sample = sample.With(CoreFacets.Image, image);
            if (!sample.Has(CoreFacets.ImageSize))
            {
                sample = sample.With(CoreFacets.ImageSize, image.Size);
            }
        }

        return sample
            .With(CoreFacets.Landmarks, predictor.Predict(image, box))
            .With(DlibFacets.PredictorBox, box);
    }

    private BoundingBox SourceBox(Sample sample)
    {
        if (Options.Box == DlibBoxSource.TrueLandmarks)
        {
            if (!sample.TryGet(CoreFacets.TrueLandmarks, out Point2[] truth))
            {
                throw new PluginInputException($"sample '{sample.Id}' has no ground-truth landmarks to place the box (box: true_landmarks).", sample.ImagePath);
            }

            try
            {
                return FaceBoxMapping.FromLandmarks(truth);
            }
            catch (ArgumentException e)
            {
                throw new PluginInputException($"sample '{sample.Id}': {e.Message}", sample.ImagePath, e);
            }
        }

        return sample.TryGet(CoreFacets.FaceBox, out BoundingBox box)
            ? box
            : throw new PluginInputException($"sample '{sample.Id}' has no face box: put a detector (detect.haar) or a source with boxes before landmarks.dlib, or set box: true_landmarks.", sample.ImagePath);
    }
}
