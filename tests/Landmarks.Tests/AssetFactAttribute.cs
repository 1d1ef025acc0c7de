using Facebench.Testing;

namespace Facebench.Landmarks.Tests;

/// <summary>
/// A fact that needs files installed by <c>./build.sh --target=assets</c> (Debian packages, see
/// build/assets/images.txt). Skipped with the reason when a file is missing, except under CI (<c>CI</c> set), where
/// it runs and fails: CI installs the assets first, so a missing one there is a broken set-up.
/// Shared-data paths (relative, under ../shared) may be listed too.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AssetFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="paths">Absolute paths of installed files, or paths relative to the shared folder.</param>
    public AssetFactAttribute(params string[] paths)
    {
        string? missing = paths.Select(p => Path.IsPathRooted(p) ? p : RepositoryPaths.Shared(p)).FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
        if (missing is not null && !SharedDataFactAttribute.IsCi)
        {
            Skip = $"asset not installed: {missing} (run ./build.sh --target=assets, see build/assets/images.txt)";
        }
    }
}
