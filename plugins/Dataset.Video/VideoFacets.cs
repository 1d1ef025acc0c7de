using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Video;

/// <summary>Facets of video frames.</summary>
public static class VideoFacets
{
    /// <summary>0-based index of the frame in the decoded stream.</summary>
    public static readonly FacetKey<long> FrameIndex = new("frame_index");

    /// <summary>Presentation time of the frame in seconds from the stream's start (ffmpeg's <c>pts_time</c>).</summary>
    public static readonly FacetKey<double> Timestamp = new("timestamp_s");
}
