using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Providers;

/// <summary>
/// Where the package's native ONNX Runtime library and its provider libraries sit beside the managed assembly: in the
/// assembly's own folder (a build for one runtime identifier such as <c>linux-x64</c>) or in
/// <c>runtimes/&lt;rid&gt;/native/</c> under it (a portable build). The provider libraries are loaded by ONNX Runtime
/// from the folder of its own library, so this is where their dependencies are checked.
/// </summary>
public static class OnnxRuntimeNativeFolder
{
    /// <summary>The file name of ONNX Runtime's library on this operating system.</summary>
    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";

    /// <summary>The file name of a provider library (<c>cuda</c>, <c>tensorrt</c>, <c>shared</c>) on this operating system.</summary>
    public static string ProviderFileName(string provider) =>
        OperatingSystem.IsWindows() ? $"onnxruntime_providers_{provider}.dll" : $"libonnxruntime_providers_{provider}.so";

    /// <summary>The folders searched, most specific first.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        string assemblyFolder = Path.GetDirectoryName(typeof(OrtEnv).Assembly.Location) is { Length: > 0 } folder ? folder : AppContext.BaseDirectory;
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string portable = $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        return new[] { assemblyFolder, Path.Combine(assemblyFolder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"), Path.Combine(assemblyFolder, "runtimes", portable, "native") }
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The folder holding <see cref="LibraryFileName"/>, or null when none of <see cref="Candidates"/> does.</summary>
    public static string? Find() => Candidates().FirstOrDefault(folder => File.Exists(Path.Combine(folder, LibraryFileName)));
}
