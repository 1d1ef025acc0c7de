using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Video;

/// <summary>
/// The frames of a video file, decoded by ffmpeg (<see cref="FfmpegVideo"/>), one sample per frame in order:
/// id <c>&lt;file name&gt;#&lt;frame index&gt;</c>, the decoded RGB pixels as <see cref="CoreFacets.Image"/> (not
/// persisted), <see cref="CoreFacets.ImageSize"/>, <see cref="VideoFacets.FrameIndex"/> and
/// <see cref="VideoFacets.Timestamp"/>. A frame the stream cuts short, or a failing ffmpeg, becomes a failed sample
/// with the reason and the run goes on. Missing ffmpeg is an initialisation error naming the Debian package.
/// Pipelines that track faces across frames (<c>detect.haar</c> with a <c>tracker</c>) need <c>parallel: 1</c>.
/// </summary>
[Plugin("dataset.video", PluginKind.Source, "1.0.0", "Frames of a video file decoded by ffmpeg through a pipe, with frame index and timestamp")]
public sealed class VideoDatasetSource : Plugin<VideoDatasetOptions>, ISource
{
    private VideoInfo? _video;

    /// <summary>What ffprobe reported; available after initialisation.</summary>
    public VideoInfo Video => _video ?? throw new InvalidOperationException("dataset.video was used before Initialize.");

    /// <inheritdoc />
    public long? CountHint
    {
        get
        {
            if (_video?.FrameCount is not long frames)
            {
                return Options.MaxFrames > 0 ? Options.MaxFrames : null;
            }

            long kept = (frames + Options.Every - 1) / Options.Every;
            return Options.MaxFrames > 0 ? Math.Min(kept, Options.MaxFrames) : kept;
        }
    }

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.Every < 1)
        {
            throw new PluginInputException($"dataset.video: every must be 1 or more, not {Options.Every}.");
        }

        if (Options.MaxFrames < 0)
        {
            throw new PluginInputException($"dataset.video: max_frames must be 0 (all) or more, not {Options.MaxFrames}.");
        }

        _video = FfmpegVideo.Probe(Options.Path, Options.Ffprobe);
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        string name = System.IO.Path.GetFileName(Options.Path);
        long kept = 0;
        foreach (VideoFrame frame in FfmpegVideo.ReadFrames(Options.Path, Video, Options.Ffmpeg, cancellationToken))
        {
            if (frame.Error is null && frame.Index % Options.Every != 0)
            {
                continue;
            }

            var sample = new Sample($"{name}#{frame.Index}").With(VideoFacets.FrameIndex, frame.Index);
            if (double.IsFinite(frame.Timestamp))
            {
                sample = sample.With(VideoFacets.Timestamp, frame.Timestamp);
            }

            if (frame.Image is { } image)
            {
                sample = sample.With(CoreFacets.Image, image).With(CoreFacets.ImageSize, image.Size);
            }
            else
            {
                sample = sample with { Error = new SampleError("dataset.video", "VideoFrameError", $"{Options.Path}: {frame.Error}") };
            }

            yield return sample;
            if (Options.MaxFrames > 0 && ++kept >= Options.MaxFrames)
            {
                yield break;
            }
        }
    }
}
