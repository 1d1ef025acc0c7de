namespace Facebench.Testing;

/// <summary>Finds the repository, its build output and the shared data folder from a running test.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root (the folder holding <c>Facebench.sln</c>).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shared data folder, <c>../shared</c> beside the checkout (or <c>FACEBENCH_SHARED</c>).</summary>
    public static string SharedRoot =>
        Environment.GetEnvironmentVariable("FACEBENCH_SHARED") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>A path inside the shared folder.</summary>
    public static string Shared(params string[] parts) => Path.Combine([SharedRoot, .. parts]);

    /// <summary>The folder the host and its plugins are built into for the given configuration.</summary>
    public static string FacebenchOutput(string configuration = BuildConfiguration) =>
        Path.Combine(RepositoryRoot, "artifacts", "facebench", configuration);

    /// <summary>The plugins folder of the build output.</summary>
    public static string PluginsFolder => Path.Combine(FacebenchOutput(), "plugins");

    /// <summary>The configuration this test assembly was built with.</summary>
#if DEBUG
    public const string BuildConfiguration = "Debug";
#else
    public const string BuildConfiguration = "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Facebench.sln above {AppContext.BaseDirectory}.");
    }
}
