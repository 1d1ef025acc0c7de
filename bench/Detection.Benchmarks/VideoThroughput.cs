using System.Diagnostics;
using Facebench.Plugins.Dataset.Video;

namespace Facebench.Detection.Benchmarks;

/// <summary>
/// Frames per second that <c>dataset.video</c> delivers: ffmpeg encodes 10 s of its 640×480 30 fps test pattern
/// (MPEG-4 part 2), then the whole file is read through <see cref="FfmpegVideo.ReadFrames"/> (decode, RGB24 pipe,
/// one buffer per frame), and, for the tracking path, the detection cost of one frame is reported beside it.
/// </summary>
public static class VideoThroughput
{
    /// <summary>Runs the measurement and prints it.</summary>
    public static int Run()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"facebench-video-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            string video = Path.Combine(folder, "testsrc.mp4");
            using (var encode = Process.Start(new ProcessStartInfo("ffmpeg")
            {
                ArgumentList = { "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=30", "-t", "10", "-c:v", "mpeg4", "-q:v", "3", video },
                UseShellExecute = false,
            })!)
            {
                encode.WaitForExit();
                if (encode.ExitCode != 0)
                {
                    Console.Error.WriteLine("ffmpeg could not make the test video.");
                    return 1;
                }
            }

            VideoInfo info = FfmpegVideo.Probe(video);
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            TimeSpan cpu = self.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            long frames = 0;
            foreach (VideoFrame frame in FfmpegVideo.ReadFrames(video, info))
            {
                frames += frame.Image is null ? 0 : 1;
            }

            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            self.Refresh();
            double readerCpu = (self.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"dataset.video: {frames} frames of {info.Width}x{info.Height} in {seconds:F2} s = {frames / seconds:F0} frames/s wall "
                + $"(ffmpeg decoding in its own process; the reader used {readerCpu:F2} s CPU = {readerCpu * 1000 / frames:F2} ms/frame); {Environment.ProcessorCount} cores visible");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
