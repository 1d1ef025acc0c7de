using System.Runtime.InteropServices;
using Facebench.Testing;

namespace Facebench.Imaging.Tests;

/// <summary>
/// A fact that needs libturbojpeg (Debian <c>libturbojpeg0</c>, declared in build/assets/images.txt) and optionally
/// shared data. Skipped with the reason when missing, except under CI (<c>CI</c> set), where it runs and fails:
/// CI installs the assets first.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TurboJpegFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="sharedPaths">Paths relative to the shared folder that the test needs too.</param>
    public TurboJpegFactAttribute(params string[] sharedPaths)
    {
        if (SharedDataFactAttribute.IsCi)
        {
            return;
        }

        if (!NativeLibrary.TryLoad("libturbojpeg.so.0", out IntPtr handle) && !NativeLibrary.TryLoad("turbojpeg", out handle))
        {
            Skip = "libturbojpeg is not installed (Debian libturbojpeg0; run ./build.sh --target=assets)";
            return;
        }

        NativeLibrary.Free(handle);
        string? missing = sharedPaths.Select(p => RepositoryPaths.Shared(p)).FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
        {
            Skip = $"shared data not found: {missing}";
        }
    }
}
