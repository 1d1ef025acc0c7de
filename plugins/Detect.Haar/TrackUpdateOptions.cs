using Facebench.Contracts;
using Facebench.Detection;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>Options of <c>track.update</c>.</summary>
public sealed class TrackUpdateOptions
{
    /// <summary>The tracker.</summary>
    [Option("The tracker.face component that detect.haar reads.")]
    [ComponentRef(typeof(LandmarkTracker))]
    public required string Tracker { get; set; }
}
