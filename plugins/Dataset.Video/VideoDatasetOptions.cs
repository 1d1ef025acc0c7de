using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Video;

/// <summary>Options of <c>dataset.video</c>.</summary>
public sealed class VideoDatasetOptions
{
    /// <summary>The video.</summary>
    [Option("Video file (any format ffmpeg reads).")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>Frame subsampling.</summary>
    [Option("Keep every n-th frame (1 = all). Tracking treats kept frames as consecutive.")]
    public int Every { get; set; } = 1;

    /// <summary>Frame limit.</summary>
    [Option("Stop after this many kept frames; 0 = the whole video.")]
    public long MaxFrames { get; set; }

    /// <summary>ffmpeg program.</summary>
    [Option("The ffmpeg program (a name on the PATH or a path); Debian package ffmpeg.")]
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>ffprobe program.</summary>
    [Option("The ffprobe program (a name on the PATH or a path); Debian package ffmpeg.")]
    public string Ffprobe { get; set; } = "ffprobe";
}
