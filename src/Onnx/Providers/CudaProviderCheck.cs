using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Providers;

/// <summary>
/// Whether ONNX Runtime's CUDA provider can load here, and if not, why, in one line. ONNX Runtime itself only reports
/// "Failed to load shared library" and logs the missing CUDA library to the standard error stream; this check finds
/// that library first: it reads what the provider library needs (<see cref="ElfNeededLibraries"/>) and asks the
/// system's loader for each, so the error names every missing file.
/// </summary>
public static class CudaProviderCheck
{
    /// <summary>ONNX Runtime's name of the CUDA provider.</summary>
    public const string ProviderName = "CUDAExecutionProvider";

    /// <summary>Why the CUDA provider cannot load, in one line; null when nothing is known to stop it.</summary>
    /// <remarks>
    /// Libraries found are loaded and released again. Passing the check does not promise a GPU: the driver may still
    /// find no device, which ONNX Runtime reports when the session is created.
    /// </remarks>
    public static string? FindProblem()
    {
        string version = OrtEnv.Instance().GetVersionString();
        string[] providers = OrtEnv.Instance().GetAvailableProviders();
        if (!providers.Contains(ProviderName, StringComparer.Ordinal))
        {
            return $"ONNX Runtime {version} was built without the CUDA provider (it has {string.Join(", ", providers)}).";
        }

        string library = OnnxRuntimeNativeFolder.ProviderFileName("cuda");
        string? folder = OnnxRuntimeNativeFolder.Find();
        if (folder is null)
        {
            return $"ONNX Runtime's native library {OnnxRuntimeNativeFolder.LibraryFileName} was not found in {string.Join(" or ", OnnxRuntimeNativeFolder.Candidates())}, so its CUDA provider {library} cannot be checked.";
        }

        string provider = Path.Combine(folder, library);
        if (!File.Exists(provider))
        {
            return $"the CUDA provider library {library} of ONNX Runtime {version} is missing from {folder}.";
        }

        if (!OperatingSystem.IsLinux())
        {
            return null; // ONNX Runtime's own error is all there is (see OnnxSessionFactory)
        }

        string[] missing = ElfNeededLibraries.Read(provider).Where(name => !CanLoad(name)).ToArray();
        return missing.Length == 0
            ? null
            : $"the CUDA provider of ONNX Runtime {version} ({provider}) needs {string.Join(", ", missing)}, which the system's loader cannot find: install the NVIDIA driver (libcuda) and the CUDA runtime libraries of those versions, or add their folder to LD_LIBRARY_PATH.";
    }

    private static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out nint handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
