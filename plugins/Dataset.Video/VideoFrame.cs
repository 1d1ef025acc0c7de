using Facebench.Contracts.Imaging;

namespace Facebench.Plugins.Dataset.Video;

/// <summary>One frame from ffmpeg, or the error that stands in its place.</summary>
/// <param name="Index">0-based frame index.</param>
/// <param name="Timestamp">Seconds from the start (NaN when unknown).</param>
/// <param name="Image">The RGB pixels; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why this frame could not be read (cut short, ffmpeg failed), or null.</param>
public sealed record VideoFrame(long Index, double Timestamp, ImageBuffer? Image, string? Error);
