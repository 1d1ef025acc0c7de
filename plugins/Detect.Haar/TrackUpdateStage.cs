using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Detection;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>
/// The last stage of a tracking pipeline: hands the frame's <see cref="CoreFacets.Landmarks"/> and the RMSE of its
/// <see cref="FittingFacets.LandmarkFit"/> to the tracker, so <c>detect.haar</c> can place the next frame's box.
/// Failed frames never reach it (the runner stops at the failing stage), so the frame after one is detected.
/// </summary>
[Plugin("track.update", PluginKind.Stage, "1.0.0", "Records each frame's landmarks and fit quality for detect.haar's tracking")]
public sealed class TrackUpdateStage : Plugin<TrackUpdateOptions>, IStage
{
    private LandmarkTracker? _tracker;

    /// <inheritdoc />
    protected override void OnInitialize() => _tracker = Context.GetComponent<LandmarkTracker>(Options.Tracker);

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        sample.TryGet(CoreFacets.Landmarks, out Point2[] landmarks);
        double? rmse = sample.TryGet(FittingFacets.LandmarkFit, out LandmarkFitResult fit) ? fit.RmsePx : null;
        _tracker!.Observe(TrackingKeys.Stream(sample), sample.Index, landmarks, rmse);
        return sample;
    }
}
