using BenchmarkDotNet.Attributes;
using Facebench.Contracts.Imaging;

namespace Facebench.Imaging.Benchmarks;

/// <summary>
/// <see cref="ImageCodec.Decode"/> on the shared photos, from bytes in memory (file reading excluded): a 500×375
/// baseline JPEG of the dlib examples and the 1280×1024 LFPW PNG.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private byte[] _data = [];

    /// <summary>The photo, relative to the shared folder.</summary>
    [Params("data/dlib-faces/2007_007763.jpg", "data/lfpw-sample/image_0010.png")]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _data = File.ReadAllBytes(SharedFolder.Path(Photo));

    [Benchmark]
    public ImageBuffer Decode() => ImageCodec.Decode(_data, Photo);
}

/// <summary>Finds ../shared beside the checkout (or <c>FACEBENCH_SHARED</c>).</summary>
internal static class SharedFolder
{
    public static string Path(string relative)
    {
        if (Environment.GetEnvironmentVariable("FACEBENCH_SHARED") is { Length: > 0 } root)
        {
            return System.IO.Path.Combine(root, relative);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "..", "shared", relative);
            }
        }

        throw new FileNotFoundException($"no Facebench.sln above {AppContext.BaseDirectory}, so no shared folder for {relative}");
    }
}
