using Facebench.Contracts;
using Facebench.Detection;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>
/// The shared state of landmark tracking: <c>track.update</c> (after the fit) records each frame's landmarks and
/// fit RMSE, <c>detect.haar</c> (with <c>tracker:</c>) places the next frame's box from them. Tracking needs frames
/// in order through all stages, so pipelines that use it set <c>parallel: 1</c>.
/// </summary>
[Plugin("tracker.face", PluginKind.Component, "1.0.0", "Frame-to-frame face tracking state shared by detect.haar and track.update")]
public sealed class FaceTrackerComponent : Plugin<FaceTrackerOptions>, IComponent<LandmarkTracker>
{
    private LandmarkTracker? _tracker;

    /// <inheritdoc />
    public LandmarkTracker Instance => _tracker ?? throw new InvalidOperationException("tracker.face was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        FaceTrackerOptions o = Options;
        if (!(o.MaxRmsePx >= 0) || !(o.BoxScale > 0) || !double.IsFinite(o.BoxShiftY))
        {
            throw new PluginInputException($"tracker.face: max_rmse_px must be ≥ 0 and box_scale > 0 (got {o.MaxRmsePx}, {o.BoxScale}).");
        }

        _tracker = new LandmarkTracker
        {
            MaxFitRmsePx = o.MaxRmsePx,
            TrackWithoutFit = o.TrackWithoutFit,
            SizeScale = o.BoxScale,
            CentreShiftY = o.BoxShiftY,
        };
    }
}
