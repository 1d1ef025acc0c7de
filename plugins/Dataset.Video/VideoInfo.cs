namespace Facebench.Plugins.Dataset.Video;

/// <summary>What ffprobe says about a video's first video stream.</summary>
/// <param name="Width">Frame width after rotation metadata is applied (what ffmpeg outputs).</param>
/// <param name="Height">Frame height after rotation.</param>
/// <param name="FramesPerSecond">Average frame rate; 0 when unknown.</param>
/// <param name="FrameCount">Frame count from the container, when it states one.</param>
public sealed record VideoInfo(int Width, int Height, double FramesPerSecond, long? FrameCount);
