using Xunit;

namespace Facebench.Testing;

/// <summary>
/// A fact that needs installed native assets (files from Debian packages such as <c>opencv-data</c>, or programs
/// such as <c>ffmpeg</c> on the PATH). Missing assets skip the test with the reason and the package to install,
/// except under CI (<c>CI</c> set), where <c>./build.sh --target=assets</c> has run and a missing asset must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AssetFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="requirements">
    /// Absolute file paths, paths relative to the shared data folder, <c>repo:PATH</c> for a file that
    /// <c>./build.sh --target=assets</c> installs in the repository, or <c>program:NAME</c> for an executable
    /// looked up on the PATH; each may end with <c>|package</c> to name the Debian package that provides it.
    /// </param>
    public AssetFactAttribute(params string[] requirements)
    {
        string? missing = Assets.FirstMissing(requirements);
        if (missing is not null && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}

/// <summary>Checks for installed assets.</summary>
public static class Assets
{
    /// <summary>The frontal face cascade from Debian's opencv-data.</summary>
    public const string FrontalFace = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml|opencv-data";

    /// <summary>ffmpeg on the PATH.</summary>
    public const string Ffmpeg = "program:ffmpeg|ffmpeg";

    /// <summary>dlib's 68-point shape predictor from Debian's libdlib-data.</summary>
    public const string DlibModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat|libdlib-data";

    /// <summary>faceplugin's face-recognition network, installed under tools/ by <c>./build.sh --target=assets</c> (npm).</summary>
    public const string FacePluginFeature = "repo:tools/faceplugin/model/fr_feature.onnx|faceplugin (npm)";

    /// <summary>ffprobe on the PATH.</summary>
    public const string Ffprobe = "program:ffprobe|ffmpeg";

    /// <summary>Returns a skip reason for the first requirement that is not met, or null.</summary>
    public static string? FirstMissing(IEnumerable<string> requirements)
    {
        foreach (string requirement in requirements)
        {
            string[] parts = requirement.Split('|', 2);
            string what = parts[0];
            string package = parts.Length > 1 ? parts[1] : "?";
            bool inRepository = what.StartsWith("repo:", StringComparison.Ordinal);
            what = inRepository ? Path.Combine(RepositoryPaths.RepositoryRoot, what["repo:".Length..]) : what;
            bool present = what.StartsWith("program:", StringComparison.Ordinal)
                ? FindProgram(what["program:".Length..]) is not null
                : Path.IsPathRooted(what) ? File.Exists(what) || Directory.Exists(what)
                : File.Exists(RepositoryPaths.Shared(what)) || Directory.Exists(RepositoryPaths.Shared(what));
            if (!present)
            {
                return Path.IsPathRooted(what) || what.StartsWith("program:", StringComparison.Ordinal)
                    ? $"asset not installed: {what} (Debian package {package}; run ./build.sh --target=assets)"
                    : $"shared data not found: {RepositoryPaths.Shared(what)}";
            }
        }

        return null;
    }

    /// <summary>The full path of an executable on the PATH, or null.</summary>
    public static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
