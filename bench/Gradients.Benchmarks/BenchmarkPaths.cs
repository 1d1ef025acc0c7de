namespace Facebench.Gradients.Benchmarks;

/// <summary>The repository (found from the running program) and the inputs the benchmarks read there and in ../shared.</summary>
internal static class BenchmarkPaths
{
    public static string Repository { get; } = FindRepository();

    public static string FrFeature => Path.Combine(Repository, "tools", "faceplugin", "model", "fr_feature.onnx");

    public static string LfpwImage => Path.Combine(Repository, "..", "shared", "data", "lfpw-sample", "image_0010.png");

    public static string LfpwPoints => Path.Combine(Repository, "..", "shared", "data", "lfpw-sample", "image_0010.pts");

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Facebench.sln above {AppContext.BaseDirectory}.");
    }
}
