using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Detect.Haar;
using Facebench.Testing;

namespace Facebench.Detection.Tests;

/// <summary>Tracking with stub landmarks and fits: when the previous frame places the box, and when detection takes over.</summary>
public sealed class TrackingTests
{
    private static Point2[] Face(double cx, double cy, double size)
    {
        // 68 points on an ellipse-ish spread: bounding box size × size centred at (cx, cy).
        var points = new Point2[68];
        for (int i = 0; i < 68; i++)
        {
            double a = 2 * Math.PI * i / 68;
            points[i] = new Point2(cx + (size / 2 * Math.Cos(a)), cy + (size / 2 * Math.Sin(a)));
        }

        return points;
    }

    [Fact]
    public void Box_from_landmarks_is_calibrated_like_a_Haar_box()
    {
        var tracker = new LandmarkTracker();
        Assert.True(tracker.TryBoxFromLandmarks(Face(100, 200, 50), out var box));
        double side = 1.22 * 50;
        Assert.Equal(side, box.Width, 9);
        Assert.Equal(side, box.Height, 9);
        Assert.Equal(100, box.Center.X, 9);
        Assert.Equal(200 - (0.15 * 50), box.Center.Y, 9);
        Assert.False(tracker.TryBoxFromLandmarks([.. Face(0, 0, 10).Take(10)], out _));
    }

    [Fact]
    public void Prediction_needs_the_previous_frame_a_good_fit_and_landmarks()
    {
        var tracker = new LandmarkTracker { MaxFitRmsePx = 3 };
        Assert.False(tracker.TryPredict("v.mp4", 0, out _, out string reason));
        Assert.Contains("no earlier frame", reason);

        tracker.Observe("v.mp4", 0, Face(100, 100, 40), 1.5);
        Assert.True(tracker.TryPredict("v.mp4", 1, out _, out _));
        Assert.False(tracker.TryPredict("v.mp4", 2, out _, out reason));
        Assert.Contains("not 1", reason);
        Assert.False(tracker.TryPredict("other.mp4", 1, out _, out _));

        tracker.Observe("v.mp4", 1, Face(100, 100, 40), 7.5);
        Assert.False(tracker.TryPredict("v.mp4", 2, out _, out reason));
        Assert.Contains("fit degraded (RMSE 7.50 px > 3.00 px)", reason);

        tracker.Observe("v.mp4", 2, Face(100, 100, 40), null);
        Assert.False(tracker.TryPredict("v.mp4", 3, out _, out reason));
        Assert.Contains("no landmark fit", reason);
        Assert.True(new LandmarkTracker { TrackWithoutFit = true }.Also(t => t.Observe("v", 2, Face(1, 1, 40), null)).TryPredict("v", 3, out _, out _));

        tracker.Observe("v.mp4", 3, null, 1.0);
        Assert.False(tracker.TryPredict("v.mp4", 4, out _, out reason));
        Assert.Contains("too few landmarks", reason);
    }

    [AssetFact(Assets.FrontalFace)]
    public void Detect_haar_tracks_while_the_fit_is_good_and_falls_back_to_detection()
    {
        var context = new TestPluginContext();
        var component = new FaceTrackerComponent();
        component.Initialize(new FaceTrackerOptions { MaxRmsePx = 3 }, context);
        context.WithComponent("track", component);
        var detect = DetectHaarStageTests.Stage(new DetectHaarOptions { Tracker = "track" }, context);
        var update = new TrackUpdateStage();
        update.Initialize(new TrackUpdateOptions { Tracker = "track" }, context);

        // A frame with no face: detection runs (and fails) whenever tracking is not possible.
        var flat = new ImageBuffer(64, 48, PixelFormat.Gray8, new byte[64 * 48]);
        Sample Frame(long i) => new Sample($"clip.mp4#{i}") { Index = i }.With(CoreFacets.Image, flat);
        Sample Finished(Sample s, double rmse) => update.Process(
            s.With(CoreFacets.Landmarks, Face(30, 25, 20)).With(FittingFacets.LandmarkFit, Fit(rmse)), CancellationToken.None);

        Assert.Throws<NoFaceFoundException>(() => detect.Process(Frame(0), CancellationToken.None));
        Finished(Frame(0), 1.0); // pretend frame 0 got landmarks from elsewhere, fitted well

        var tracked = detect.Process(Frame(1), CancellationToken.None);
        Assert.Equal("tracked", tracked.Get(DetectionFacets.FaceBoxSource));
        Assert.Equal(1.22 * 20, tracked.Get(CoreFacets.FaceBox).Width, 9);

        Finished(tracked, 9.0); // frame 1's fit degraded: frame 2 is detected again
        Assert.Throws<NoFaceFoundException>(() => detect.Process(Frame(2), CancellationToken.None));

        Finished(Frame(2), 1.0);
        Assert.Throws<NoFaceFoundException>(() => detect.Process(Frame(4), CancellationToken.None)); // frame 3 was lost
    }

    private static LandmarkFitResult Fit(double rmse) => new()
    {
        Parameters = new FaceParameters([], [], new RigidPose([0, 0, 0], [0, 0, 0], 1), new HeadAngles(0, 0, 0)),
        Camera = new CameraIntrinsics(500, 32, 24, 64, 48),
        FittedLandmarks = [],
        RmsePx = rmse,
    };
}

/// <summary>Small fluent helper for test set-up.</summary>
internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
