using Facebench.Imaging;

namespace Facebench.Detection.Benchmarks;

/// <summary>
/// The 640×480 gray frame both detectors time: the shared LFPW photo (1280×1024) cropped to its central 1280×960
/// and halved with OpenCV's exact bilinear resize, so C# and OpenCV see identical pixels (OpenCV reads it back from
/// the PGM this writes).
/// </summary>
public static class BenchmarkFrame
{
    /// <summary>Frame width.</summary>
    public const int Width = 640;

    /// <summary>Frame height.</summary>
    public const int Height = 480;

    /// <summary>The cascade both sides use.</summary>
    public const string Cascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>Builds the frame from the shared photo.</summary>
    public static byte[] Build()
    {
        string photo = Path.Combine(SharedFolder(), "data", "lfpw-sample", "image_0010.png");
        var image = ImageCodec.Load(photo);
        byte[] gray = OpenCvGray.Convert(image);
        int cropHeight = image.Width * 3 / 4;
        int top = (image.Height - cropHeight) / 2;
        byte[] crop = gray.AsSpan(top * image.Width, cropHeight * image.Width).ToArray();
        byte[] frame = new byte[Width * Height];
        new LinearExactResizer().Resize(crop, image.Width, cropHeight, frame, Width, Height);
        return frame;
    }

    /// <summary>Writes the frame as a binary PGM (P5).</summary>
    public static void WritePgm(byte[] frame, string path)
    {
        using var stream = File.Create(path);
        stream.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{Width} {Height}\n255\n"));
        stream.Write(frame);
    }

    /// <summary>The shared data folder: <c>FACEBENCH_SHARED</c>, else <c>../shared</c> beside the repository.</summary>
    public static string SharedFolder()
    {
        if (Environment.GetEnvironmentVariable("FACEBENCH_SHARED") is { Length: > 0 } shared)
        {
            return shared;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }

        throw new InvalidOperationException("cannot find the repository (Facebench.sln) above the benchmark program; set FACEBENCH_SHARED.");
    }
}
