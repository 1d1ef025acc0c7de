using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Plugins.Dataset.Video;

/// <summary>
/// Video decoding through the <c>ffmpeg</c> and <c>ffprobe</c> programs (Debian package <c>ffmpeg</c>): ffprobe
/// gives the frame size and rate, ffmpeg writes frames as raw RGB24 to a pipe
/// (<c>-f rawvideo -pix_fmt rgb24 -</c>) that is read one frame at a time, with every decoded frame passed through
/// (<c>-fps_mode passthrough</c>, no duplicates or drops) and its timestamp taken from the <c>showinfo</c> filter's
/// log on stderr. Rotation metadata is applied as ffmpeg does by default.
/// </summary>
public static partial class FfmpegVideo
{
    /// <summary>The Debian package that provides both programs.</summary>
    public const string Package = "ffmpeg";

    /// <summary>Reads the size and frame rate of the first video stream.</summary>
    /// <exception cref="PluginInputException">ffprobe is missing, or the file is not a readable video.</exception>
    public static VideoInfo Probe(string path, string ffprobe = "ffprobe")
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("video file not found.", path);
        }

        var info = new ProcessStartInfo(ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames:stream_tags=rotate:stream_side_data=rotation",
                "-of", "json", path,
            },
        };
        string output;
        string error;
        int exitCode;
        using (var process = Start(info, ffprobe, path))
        {
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            error = stderr.GetAwaiter().GetResult().Trim();
            exitCode = process.ExitCode;
        }

        if (exitCode != 0)
        {
            throw new PluginInputException($"ffprobe cannot read the video ({Tail(error)}).", path);
        }

        JsonElement stream;
        try
        {
            using var json = JsonDocument.Parse(output);
            if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            {
                throw new PluginInputException("the file has no video stream.", path);
            }

            stream = streams[0].Clone();
        }
        catch (JsonException e)
        {
            throw new PluginInputException($"ffprobe's output could not be read ({e.Message}).", path, e);
        }

        int width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        int height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        if (width <= 0 || height <= 0)
        {
            throw new PluginInputException($"the video stream has no usable frame size ({width}x{height}).", path);
        }

        if (Math.Abs(Rotation(stream)) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        double fps = Rate(stream, "avg_frame_rate") is > 0 and var average ? average : Rate(stream, "r_frame_rate");
        long? count = stream.TryGetProperty("nb_frames", out var n) && long.TryParse(n.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long frames) && frames > 0 ? frames : null;
        return new VideoInfo(width, height, fps, count);
    }

    /// <summary>
    /// Decodes the frames in order. A stream that ends inside a frame yields that frame as an error; a failing ffmpeg
    /// yields one error frame after the last good one. Stopping the enumeration early stops ffmpeg.
    /// </summary>
    /// <param name="path">The video.</param>
    /// <param name="video">Its probe result (gives the frame size).</param>
    /// <param name="ffmpeg">The ffmpeg program.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    /// <exception cref="PluginInputException">ffmpeg is missing.</exception>
    public static IEnumerable<VideoFrame> ReadFrames(string path, VideoInfo video, string ffmpeg = "ffmpeg", CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-nostdin", "-hide_banner", "-loglevel", "info",
                "-i", path,
                "-map", "0:v:0", "-vf", "showinfo", "-fps_mode", "passthrough",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
            },
        };
        using var process = Start(info, ffmpeg, path);
        var timestamps = new BlockingCollection<double>();
        var lastLines = new ConcurrentQueue<string>();
        var stderrReader = Task.Run(() => ReadLog(process.StandardError, timestamps, lastLines), CancellationToken.None);
        try
        {
            int frameBytes = checked(video.Width * video.Height * 3);
            Stream stdout = process.StandardOutput.BaseStream;
            long index = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                byte[] pixels = new byte[frameBytes];
                int read = stdout.ReadAtLeast(pixels, frameBytes, throwOnEndOfStream: false);
                if (read == 0)
                {
                    break;
                }

                double time = NextTimestamp(timestamps, index, video.FramesPerSecond);
                if (read < frameBytes)
                {
                    process.WaitForExit();
                    yield return new VideoFrame(index, time, null,
                        $"frame {index} is cut short: the decoded stream ended after {read} of its {frameBytes} bytes ({video.Width}x{video.Height} RGB; the video ends mid-frame){ExitNote(process, lastLines)}.");
                    yield break;
                }

                yield return new VideoFrame(index, time, new ImageBuffer(video.Width, video.Height, PixelFormat.Rgb24, pixels), null);
                index++;
            }

            process.WaitForExit();
            stderrReader.Wait(TimeSpan.FromSeconds(5));
            if (process.ExitCode != 0)
            {
                yield return new VideoFrame(index, double.NaN, null, $"ffmpeg stopped after {index} frames{ExitNote(process, lastLines)}.");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                // The caller stopped early (a --limit, cancellation): stop the decoder we started.
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                }

                process.WaitForExit();
            }
        }
    }

    /// <summary>The timestamp of frame <paramref name="index"/>: showinfo's, else index / fps.</summary>
    private static double NextTimestamp(BlockingCollection<double> timestamps, long index, double fps)
    {
        // showinfo logs a frame before ffmpeg writes it, so its line is normally already there.
        if (timestamps.TryTake(out double time, TimeSpan.FromSeconds(2)))
        {
            return time;
        }

        return fps > 0 ? index / fps : double.NaN;
    }

    private static void ReadLog(StreamReader stderr, BlockingCollection<double> timestamps, ConcurrentQueue<string> lastLines)
    {
        try
        {
            while (stderr.ReadLine() is { } line)
            {
                Match m = ShowInfoLine().Match(line);
                if (m.Success)
                {
                    timestamps.Add(double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) ? t : double.NaN);
                    continue;
                }

                if (line.Contains("Parsed_showinfo", StringComparison.Ordinal))
                {
                    continue;
                }

                lastLines.Enqueue(line.Trim());
                while (lastLines.Count > 8)
                {
                    lastLines.TryDequeue(out _);
                }
            }
        }
        finally
        {
            timestamps.CompleteAdding();
        }
    }

    private static string ExitNote(Process process, ConcurrentQueue<string> lastLines)
    {
        string log = string.Join(" | ", lastLines.Where(l => l.Length > 0).TakeLast(3));
        string code = process.HasExited ? $"; ffmpeg exit code {process.ExitCode}" : "";
        return log.Length > 0 ? $"{code}; ffmpeg said: {log}" : code;
    }

    private static Process Start(ProcessStartInfo info, string program, string path)
    {
        info.UseShellExecute = false;
        try
        {
            return Process.Start(info) ?? throw new PluginInputException($"{program} could not be started.", path);
        }
        catch (Win32Exception e)
        {
            throw new PluginInputException(
                $"cannot run '{program}' ({e.Message}): video decoding needs ffmpeg and ffprobe; install the Debian package '{Package}' (apt-get install {Package}, or ./build.sh --target=assets).",
                path,
                e);
        }
    }

    private static double Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text)
        {
            return 0;
        }

        string[] parts = text.Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double den)
            && den > 0 ? num / den : 0;
    }

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sideData))
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var r) && r.TryGetInt32(out int degrees))
                {
                    return degrees;
                }
            }
        }

        return stream.TryGetProperty("tags", out var tags) && tags.TryGetProperty("rotate", out var rotate)
            && int.TryParse(rotate.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int tagged) ? tagged : 0;
    }

    private static string Tail(string text) => text.Length <= 400 ? text : "…" + text[^400..];

    [GeneratedRegex(@"Parsed_showinfo.*\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(\S+)")]
    private static partial Regex ShowInfoLine();
}
