using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Detection;
using Facebench.Imaging;
using Facebench.Landmarks.Ert;

namespace Facebench.Video.Benchmarks;

/// <summary>
/// A small synthetic video made in memory: a 640×480 crop of the LFPW photo <c>image_0010.png</c> (1280×1024, one
/// face ~300 px wide) panned by (+3, +1) px per frame over 16 positions and back (ping-pong, 30 frames per cycle,
/// so the cycle has no jump). Each frame's previous-frame landmarks come from actually tracking the sequence
/// (dlib on the tracker's box, two cycles from a start box around the ground truth), so the boxes the benchmark
/// places are the ones the video pipeline would place.
/// </summary>
internal sealed class PanSequence
{
    public const int Width = 640, Height = 480, Positions = 16, StepX = 3, StepY = 1;

    /// <summary>The Haar→dlib box map that <c>landmarks.dlib</c> applies with <c>box_mapping: haar</c> (pipelines/video.yaml).</summary>
    public static readonly FaceBoxMapping BoxMap = FaceBoxMapping.OpenCvHaarFrontalDefault;

    private PanSequence(ImageBuffer[] rgb, ImageBuffer[] gray, Point2[][] previous, double meanErrorPx)
    {
        Rgb = rgb;
        Gray = gray;
        Previous = previous;
        MeanErrorPx = meanErrorPx;
    }

    /// <summary>The frames, RGB (what dataset.video hands the stages).</summary>
    public ImageBuffer[] Rgb { get; }

    /// <summary>The frames, Gray8 with dlib's (R+G+B)/3, so the landmarks equal those on <see cref="Rgb"/>.</summary>
    public ImageBuffer[] Gray { get; }

    /// <summary>For each frame, the tracked landmarks of the frame before it in the cycle.</summary>
    public Point2[][] Previous { get; }

    /// <summary>Mean distance of the tracked landmarks from the (shifted) LFPW ground truth, px.</summary>
    public double MeanErrorPx { get; }

    public int Count => Rgb.Length;

    public static CameraIntrinsics Camera => CameraIntrinsics.FromFieldOfView(Width, Height, 40);

    public static PanSequence Create(ShapePredictor predictor, LandmarkTracker tracker)
    {
        string folder = SharedFolder("data", "lfpw-sample");
        ImageBuffer photo = ImageCodec.Load(Path.Combine(folder, "image_0010.png"));
        Point2[] truth = PtsFile.Read(Path.Combine(folder, "image_0010.pts"));
        double cx = truth.Average(p => p.X), cy = truth.Average(p => p.Y);
        int x0 = (int)Math.Round(cx - (Width / 2.0) - (StepX * Positions / 2.0)), y0 = (int)Math.Round(cy - (Height / 2.0) - (StepY * Positions / 2.0));

        int[] order = [.. Enumerable.Range(0, Positions), .. Enumerable.Range(1, Positions - 2).Reverse()];
        int n = order.Length;
        var rgb = new ImageBuffer[n];
        var gray = new ImageBuffer[n];
        var offsets = new (int X, int Y)[n];
        for (int f = 0; f < n; f++)
        {
            offsets[f] = (x0 + (StepX * order[f]), y0 + (StepY * order[f]));
            rgb[f] = ImageTransforms.Crop(photo, offsets[f].X, offsets[f].Y, Width, Height);
            gray[f] = Grayscale.Convert(rgb[f], GrayWeights.Average);
        }

        // Frame 0 from a dlib-style box around the ground truth (standing in for the first frame's detection),
        // then track: each frame's box from the landmarks of the frame before.
        Point2[] current = predictor.Predict(gray[0], FaceBoxMapping.FromLandmarks(Shift(truth, offsets[0])));
        var previous = new Point2[n][];
        double error = 0;
        for (int step = 1; step <= 2 * n; step++)
        {
            int f = step % n;
            if (!tracker.TryBoxFromLandmarks(current, out BoundingBox box))
            {
                throw new InvalidOperationException($"tracking lost at frame {f}.");
            }

            Point2[] next = predictor.Predict(gray[f], BoxMap.Apply(box));
            if (step > n)
            {
                previous[f] = current;
                Point2[] t = Shift(truth, offsets[f]);
                error += next.Zip(t, (a, b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)))).Average() / n;
            }

            current = next;
        }

        return new PanSequence(rgb, gray, previous, error);
    }

    private static Point2[] Shift(Point2[] points, (int X, int Y) offset) => [.. points.Select(p => new Point2(p.X - offset.X, p.Y - offset.Y))];

    /// <summary>../shared beside the checkout (or FACEBENCH_SHARED), found from the program's folder upwards.</summary>
    public static string SharedFolder(params string[] parts)
    {
        if (Environment.GetEnvironmentVariable("FACEBENCH_SHARED") is { Length: > 0 } shared)
        {
            return Path.Combine([shared, .. parts]);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return Path.Combine([dir.FullName, "..", "shared", .. parts]);
            }
        }

        throw new InvalidOperationException("Facebench.sln not found above the benchmark; set FACEBENCH_SHARED.");
    }
}
