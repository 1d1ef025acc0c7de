using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Plugins.Dataset.Video;
using Facebench.Testing;

namespace Facebench.Detection.Tests;

public sealed class VideoSourceTests
{
    private static VideoDatasetSource Source(VideoDatasetOptions options)
    {
        var source = new VideoDatasetSource();
        source.Initialize(options, new TestPluginContext());
        return source;
    }

    [AssetFact(Assets.Ffmpeg, Assets.Ffprobe)]
    public void Lossless_video_gives_every_frame_with_index_timestamp_and_exact_pixels()
    {
        using var video = new SyntheticVideo();
        string path = video.Encode("clip.mkv", 30, "-c:v", "ffv1");
        var source = Source(new VideoDatasetOptions { Path = path });
        Assert.Equal(new VideoInfo(SyntheticVideo.Width, SyntheticVideo.Height, 25, source.Video.FrameCount), source.Video);

        var samples = source.Read(CancellationToken.None).ToList();
        Assert.Equal(30, samples.Count);
        for (int i = 0; i < samples.Count; i++)
        {
            Sample s = samples[i];
            Assert.False(s.Failed);
            Assert.Equal($"clip.mkv#{i}", s.Id);
            Assert.Equal(i, s.Get(VideoFacets.FrameIndex));
            Assert.Equal(i * 0.04, s.Get(VideoFacets.Timestamp), 6);
            Assert.Equal(new ImageSize(SyntheticVideo.Width, SyntheticVideo.Height), s.Get(CoreFacets.ImageSize));
            ImageBuffer image = s.Get(CoreFacets.Image);
            Assert.Equal(PixelFormat.Rgb24, image.Format);
            Assert.True(SyntheticVideo.Frame(i).AsSpan().SequenceEqual(image.Pixels), $"frame {i} differs from what was encoded");
        }
    }

    [AssetFact(Assets.Ffmpeg, Assets.Ffprobe)]
    public void Lossy_video_keeps_the_moving_square_in_place()
    {
        using var video = new SyntheticVideo();
        string path = video.Encode("clip.mp4", 20, "-c:v", "mpeg4", "-q:v", "2", "-pix_fmt", "yuv420p");
        var source = Source(new VideoDatasetOptions { Path = path });
        Assert.Equal(20, source.CountHint);
        var samples = source.Read(CancellationToken.None).ToList();
        Assert.Equal(20, samples.Count);
        foreach (Sample s in samples)
        {
            long i = s.Get(VideoFacets.FrameIndex);
            ImageBuffer image = s.Get(CoreFacets.Image);
            double sx = 0, sy = 0, n = 0;
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    if (image.Pixels[((y * image.Width) + x) * 3] > 180)
                    {
                        sx += x;
                        sy += y;
                        n++;
                    }
                }
            }

            Assert.Equal(SyntheticVideo.SquareX(i) + ((SyntheticVideo.Square - 1) / 2.0), sx / n, 0.75);
            Assert.Equal(SyntheticVideo.SquareY + ((SyntheticVideo.Square - 1) / 2.0), sy / n, 0.75);
        }
    }

    [AssetFact(Assets.Ffmpeg, Assets.Ffprobe)]
    public void Every_and_max_frames_pick_frames_and_stopping_early_stops_ffmpeg()
    {
        using var video = new SyntheticVideo();
        string path = video.Encode("clip.mkv", 12, "-c:v", "ffv1");
        var source = Source(new VideoDatasetOptions { Path = path, Every = 3, MaxFrames = 3 });
        Assert.Equal(3, source.CountHint);
        Assert.Equal(["clip.mkv#0", "clip.mkv#3", "clip.mkv#6"], source.Read(CancellationToken.None).Select(s => s.Id));

        // Abandoning the enumeration after one frame must not hang (the decoder is stopped).
        Assert.Single(Source(new VideoDatasetOptions { Path = path }).Read(CancellationToken.None).Take(1));
    }

    [AssetFact(Assets.Ffmpeg, Assets.Ffprobe)]
    public void A_stream_that_ends_mid_frame_fails_that_frame_and_the_run_goes_on()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the stand-in decoder is a shell script
        }

        using var video = new SyntheticVideo();
        string path = video.Encode("clip.mkv", 4, "-c:v", "ffv1");
        // A stand-in decoder that writes one and a half frames: the pipe ends inside frame 1.
        string fake = Path.Combine(video.Folder, "fake-ffmpeg");
        int frame = SyntheticVideo.Width * SyntheticVideo.Height * 3;
        File.WriteAllText(fake, $"#!/bin/sh\nhead -c {frame + (frame / 2)} /dev/zero\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var samples = Source(new VideoDatasetOptions { Path = path, Ffmpeg = fake }).Read(CancellationToken.None).ToList();
        Assert.Equal(2, samples.Count);
        Assert.False(samples[0].Failed);
        Assert.True(samples[1].Failed);
        Assert.Equal("clip.mkv#1", samples[1].Id);
        Assert.Equal("dataset.video", samples[1].Error!.Stage);
        Assert.Contains("frame 1 is cut short", samples[1].Error!.Message);
        Assert.Contains("ends mid-frame", samples[1].Error!.Message);
        Assert.StartsWith(path, samples[1].Error!.Message);
    }

    [AssetFact(Assets.Ffmpeg, Assets.Ffprobe)]
    public void A_truncated_file_yields_its_readable_frames_without_crashing()
    {
        using var video = new SyntheticVideo();
        string path = video.Encode("clip.mkv", 30, "-c:v", "ffv1");
        byte[] bytes = File.ReadAllBytes(path);
        string cut = Path.Combine(video.Folder, "cut.mkv");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 6 / 10)]);

        var samples = Source(new VideoDatasetOptions { Path = cut }).Read(CancellationToken.None).ToList();
        Assert.InRange(samples.Count(s => !s.Failed), 5, 29);
        Assert.All(samples, s => Assert.True(s.Failed || s.Has(CoreFacets.Image)));
        Assert.Equal(samples.Count, samples.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Missing_ffmpeg_names_the_Debian_package()
    {
        string path = Path.Combine(Path.GetTempPath(), $"facebench-{Guid.NewGuid():N}.mp4");
        File.WriteAllBytes(path, [0, 0, 0]);
        try
        {
            var e = Assert.Throws<PluginInputException>(() => Source(new VideoDatasetOptions { Path = path, Ffprobe = "/nonexistent/ffprobe" }));
            Assert.Contains("install the Debian package 'ffmpeg'", e.Message);
            Assert.Equal(path, e.Path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_or_unreadable_video_is_an_input_error_naming_it()
    {
        Assert.Equal("/nonexistent/clip.mp4", Assert.Throws<PluginInputException>(() => Source(new VideoDatasetOptions { Path = "/nonexistent/clip.mp4" })).Path);
        if (Assets.FindProgram("ffprobe") is null)
        {
            return;
        }

        string junk = Path.Combine(Path.GetTempPath(), $"facebench-{Guid.NewGuid():N}.mp4");
        File.WriteAllText(junk, "this is not a video");
        try
        {
            var e = Assert.Throws<PluginInputException>(() => Source(new VideoDatasetOptions { Path = junk }));
            Assert.Equal(junk, e.Path);
            Assert.Contains("ffprobe cannot read the video", e.Message);
        }
        finally
        {
            File.Delete(junk);
        }
    }
}
