using System.Diagnostics;

namespace Facebench.Detection.Tests;

/// <summary>
/// Test videos made by the tests with ffmpeg: a bright square moving right over a dark gradient, so frame content
/// is known exactly. Each instance owns a temporary folder.
/// </summary>
public sealed class SyntheticVideo : IDisposable
{
    /// <summary>Frame width.</summary>
    public const int Width = 96;

    /// <summary>Frame height.</summary>
    public const int Height = 64;

    /// <summary>Side of the square.</summary>
    public const int Square = 12;

    /// <summary>Creates the folder.</summary>
    public SyntheticVideo()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"facebench-video-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The temporary folder.</summary>
    public string Folder { get; }

    /// <summary>Left edge of the square in frame <paramref name="index"/>.</summary>
    public static int SquareX(long index) => 4 + (int)(2 * index);

    /// <summary>Top edge of the square.</summary>
    public const int SquareY = 26;

    /// <summary>The RGB pixels of frame <paramref name="index"/>.</summary>
    public static byte[] Frame(long index)
    {
        byte[] rgb = new byte[Width * Height * 3];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                bool inside = x >= SquareX(index) && x < SquareX(index) + Square && y >= SquareY && y < SquareY + Square;
                int at = ((y * Width) + x) * 3;
                rgb[at] = (byte)(inside ? 250 : 20 + x);
                rgb[at + 1] = (byte)(inside ? 240 : 30 + y);
                rgb[at + 2] = (byte)(inside ? 230 : 40);
            }
        }

        return rgb;
    }

    /// <summary>Encodes <paramref name="frames"/> frames at 25 fps with the given ffmpeg codec arguments.</summary>
    /// <param name="name">File name (its extension picks the container).</param>
    /// <param name="frames">Frame count.</param>
    /// <param name="codec">Codec arguments, e.g. <c>-c:v ffv1</c> (lossless) or <c>-c:v mpeg4 -q:v 2</c>.</param>
    public string Encode(string name, int frames, params string[] codec)
    {
        string path = Path.Combine(Folder, name);
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}", "-r", "25", "-i", "-", .. codec, path])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using (Stream input = process.StandardInput.BaseStream)
        {
            for (int i = 0; i < frames; i++)
            {
                input.Write(Frame(i));
            }
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not make the test video: {stderr.Result}");
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
