using Facebench.Contracts;

namespace Facebench.Detection;

/// <summary>
/// Frame-to-frame face tracking for video: remembers the landmarks (and the quality of the model fit to them) of
/// the last frame of each stream, and predicts the next frame's face box from them, so a detector only runs when
/// tracking is lost. A prediction is refused (and the caller detects) when the remembered frame is not the one just
/// before, when it has too few landmarks, or when its fit degraded (RMSE above <see cref="MaxFitRmsePx"/>).
/// <para>
/// The predicted box imitates a Haar frontal-face box so later stages see the same kind of box either way: a square
/// centred on the landmarks' bounding box shifted by <see cref="CentreShiftY"/> of its height, with side
/// <see cref="SizeScale"/> × its larger side. Calibrated on the 15 faces of the shared photos that both OpenCV's
/// frontal face cascade and dlib's landmarks (dlib-19.24-landmarks.csv) find: box centre − landmark centre =
/// (−0.05 ± 0.09, −0.15 ± 0.03) of the landmark box, side = 1.22 ± 0.13 × its larger side; the x shift is dropped
/// as it is smaller than its spread.
/// </para>
/// Thread-safe; tracking itself needs frames in order, so pipelines that track run with <c>parallel: 1</c>.
/// </summary>
public sealed class LandmarkTracker
{
    private readonly Dictionary<string, Observation> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Largest fit RMSE (pixels) of the previous frame for which its landmarks are still trusted.</summary>
    public double MaxFitRmsePx { get; init; } = 4.0;

    /// <summary>Trust previous landmarks that no model was fitted to (no RMSE known).</summary>
    public bool TrackWithoutFit { get; init; }

    /// <summary>Side of the predicted box over the larger side of the landmarks' bounding box.</summary>
    public double SizeScale { get; init; } = 1.22;

    /// <summary>Vertical shift of the box centre from the landmarks' centre, as a fraction of their height (up is negative).</summary>
    public double CentreShiftY { get; init; } = -0.15;

    /// <summary>Fewest valid landmarks a prediction needs.</summary>
    public int MinLandmarks { get; init; } = 17;

    /// <summary>Records a finished frame.</summary>
    /// <param name="stream">The video (frames of different streams do not mix).</param>
    /// <param name="order">Position of the frame in its stream; consecutive frames differ by one.</param>
    /// <param name="landmarks">The frame's landmarks, or null when it has none.</param>
    /// <param name="fitRmsePx">RMSE of the model fit to them, or null when there was no fit.</param>
    public void Observe(string stream, long order, Point2[]? landmarks, double? fitRmsePx)
    {
        lock (_gate)
        {
            _last[stream] = new Observation(order, landmarks is null ? null : [.. landmarks], fitRmsePx);
        }
    }

    /// <summary>Forgets a stream (e.g. when it ends).</summary>
    public void Reset(string stream)
    {
        lock (_gate)
        {
            _last.Remove(stream);
        }
    }

    /// <summary>Predicts the face box of frame <paramref name="order"/> from the frame before it.</summary>
    /// <param name="stream">The video.</param>
    /// <param name="order">The frame to predict.</param>
    /// <param name="box">The predicted box when the result is true.</param>
    /// <param name="reason">Why there is no prediction when the result is false.</param>
    public bool TryPredict(string stream, long order, out BoundingBox box, out string reason)
    {
        Observation previous;
        lock (_gate)
        {
            if (!_last.TryGetValue(stream, out previous))
            {
                box = default;
                reason = "no earlier frame of this video";
                return false;
            }
        }

        box = default;
        if (previous.Order != order - 1)
        {
            reason = $"the last tracked frame is {previous.Order}, not {order - 1}";
            return false;
        }

        if (previous.FitRmsePx is double rmse)
        {
            if (!(rmse <= MaxFitRmsePx))
            {
                reason = $"the previous frame's fit degraded (RMSE {rmse:F2} px > {MaxFitRmsePx:F2} px)";
                return false;
            }
        }
        else if (!TrackWithoutFit)
        {
            reason = "the previous frame has no landmark fit to judge its landmarks by";
            return false;
        }

        if (previous.Landmarks is null || !TryBoxFromLandmarks(previous.Landmarks, out box))
        {
            reason = "the previous frame has too few landmarks";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>The Haar-like box for a set of landmarks (see the class summary), or false when too few are valid.</summary>
    public bool TryBoxFromLandmarks(IReadOnlyList<Point2> landmarks, out BoundingBox box)
    {
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        int valid = 0;
        foreach (Point2 p in landmarks)
        {
            if (!p.IsValid)
            {
                continue;
            }

            valid++;
            x0 = Math.Min(x0, p.X);
            y0 = Math.Min(y0, p.Y);
            x1 = Math.Max(x1, p.X);
            y1 = Math.Max(y1, p.Y);
        }

        if (valid < MinLandmarks || x1 <= x0 || y1 <= y0)
        {
            box = default;
            return false;
        }

        double side = SizeScale * Math.Max(x1 - x0, y1 - y0);
        double cx = (x0 + x1) / 2;
        double cy = ((y0 + y1) / 2) + (CentreShiftY * (y1 - y0));
        box = new BoundingBox(cx - (side / 2), cy - (side / 2), side, side);
        return true;
    }

    private readonly record struct Observation(long Order, Point2[]? Landmarks, double? FitRmsePx);
}
