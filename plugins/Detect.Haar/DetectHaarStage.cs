using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Detection;
using Facebench.Imaging;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>
/// Finds the face with an OpenCV cascade (<see cref="CascadeDetector"/>, which reproduces OpenCV 4.6's
/// <c>detectMultiScale</c> box for box) and stores it as <see cref="CoreFacets.FaceBox"/> (OpenCV's integer box:
/// left, top, width, height). The image is decoded once: a sample's <see cref="CoreFacets.Image"/> (a video frame,
/// or an earlier stage's decode) is used when present, otherwise <see cref="Sample.ImagePath"/> is decoded and
/// attached for later stages. No face fails the sample with <see cref="NoFaceFoundException"/>.
/// With a <c>tracker</c>, frames whose predecessor was fitted well take their box from its landmarks instead
/// (<see cref="LandmarkTracker"/>), and detection is the fallback.
/// </summary>
[Plugin("detect.haar", PluginKind.Stage, "1.0.0", "Face detection with OpenCV Haar/LBP cascades (matches OpenCV's detectMultiScale), optional landmark tracking")]
public sealed class DetectHaarStage : Plugin<DetectHaarOptions>, IStage
{
    private CascadeDetector? _detector;
    private DetectionParameters _parameters = new();
    private LandmarkTracker? _tracker;
    private bool _largest;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        DetectHaarOptions o = Options;
        if (!(o.ScaleFactor > 1.0) || !double.IsFinite(o.ScaleFactor))
        {
            throw new PluginInputException($"detect.haar: scale_factor must be a number above 1, not {o.ScaleFactor}.");
        }

        if (o.MinNeighbors < 0 || o.MinSize < 0 || o.MaxSize < 0)
        {
            throw new PluginInputException("detect.haar: min_neighbors, min_size and max_size must be 0 or more.");
        }

        if (o.MaxSize > 0 && o.MaxSize < o.MinSize)
        {
            throw new PluginInputException($"detect.haar: max_size ({o.MaxSize}) is below min_size ({o.MinSize}).");
        }

        _largest = o.Select switch
        {
            "largest" => true,
            "first" => false,
            _ => throw new PluginInputException($"detect.haar: select must be 'largest' or 'first', not '{o.Select}'."),
        };

        _parameters = new DetectionParameters
        {
            ScaleFactor = o.ScaleFactor,
            MinNeighbors = o.MinNeighbors,
            MinSize = new ImageSize(o.MinSize, o.MinSize),
            MaxSize = new ImageSize(o.MaxSize, o.MaxSize),
        };

        // Loading checks the file even when only validating; the parse is shared across workers.
        _detector = new CascadeDetector(CascadeCache.Get(o.Cascade));
        if (o.Tracker.Length > 0)
        {
            _tracker = Context.GetComponent<LandmarkTracker>(o.Tracker);
        }
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        if (_tracker is not null && _tracker.TryPredict(TrackingKeys.Stream(sample), sample.Index, out BoundingBox tracked, out _))
        {
            return sample.With(CoreFacets.FaceBox, tracked).With(DetectionFacets.FaceBoxSource, "tracked");
        }

        sample = WithImage(sample, out ImageBuffer image);
        List<PixelRect> faces = _detector!.Detect(image, _parameters);
        if (faces.Count == 0)
        {
            throw new NoFaceFoundException(
                $"no face found by {Path.GetFileName(Options.Cascade)} in sample '{sample.Id}' ({sample.ImagePath ?? "decoded image"}, {image.Width}x{image.Height}; scale_factor {Options.ScaleFactor}, min_neighbors {Options.MinNeighbors}, min_size {Options.MinSize}, max_size {Options.MaxSize}).");
        }

        PixelRect chosen = faces[0];
        if (_largest)
        {
            // The first of equally large faces, so the choice is stable.
            foreach (PixelRect face in faces)
            {
                if (face.Area > chosen.Area)
                {
                    chosen = face;
                }
            }
        }

        return sample
            .With(CoreFacets.FaceBox, chosen.ToBoundingBox())
            .With(DetectionFacets.FaceBoxSource, "detected")
            .With(DetectionFacets.FacesFound, faces.Count);
    }

    /// <summary>The sample's decoded image, decoding <see cref="Sample.ImagePath"/> and attaching it when needed.</summary>
    private static Sample WithImage(Sample sample, out ImageBuffer image)
    {
        if (sample.TryGet(CoreFacets.Image, out image))
        {
            return sample;
        }

        if (sample.ImagePath is not { Length: > 0 } path)
        {
            throw new PluginInputException($"sample '{sample.Id}' has neither a decoded image nor an image path.");
        }

        image = ImageCodec.Load(path);
        return sample.With(CoreFacets.Image, image).With(CoreFacets.ImageSize, image.Size);
    }
}
