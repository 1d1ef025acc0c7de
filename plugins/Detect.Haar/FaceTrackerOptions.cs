using Facebench.Contracts;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>Options of the <c>tracker.face</c> component.</summary>
public sealed class FaceTrackerOptions
{
    /// <summary>Trust threshold.</summary>
    [Option("Largest landmark-fit RMSE (pixels) of a frame whose landmarks may place the next frame's box; above it the next frame is detected.")]
    public double MaxRmsePx { get; set; } = 4.0;

    /// <summary>Tracking without a fit.</summary>
    [Option("Also track from frames that have landmarks but no landmark fit (no quality check).")]
    public bool TrackWithoutFit { get; set; }

    /// <summary>Box size.</summary>
    [Option("Side of the tracked box over the larger side of the landmarks' bounding box (1.22 imitates OpenCV's frontal face boxes).")]
    public double BoxScale { get; set; } = 1.22;

    /// <summary>Box shift.</summary>
    [Option("Vertical shift of the tracked box's centre from the landmarks' centre, as a fraction of their height (negative is up).")]
    public double BoxShiftY { get; set; } = -0.15;
}
