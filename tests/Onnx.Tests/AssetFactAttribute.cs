using Facebench.Onnx;
using Facebench.Testing;

namespace Facebench.Onnx.Tests;

/// <summary>
/// A fact that needs installed native assets: ONNX Runtime's library and, optionally, Debian's libonnx-testdata.
/// When one is missing it is skipped with the reason and the command that installs it, except under CI (<c>CI</c>
/// set), where it runs and fails: CI installs the assets with <c>./build.sh --target=assets</c> before testing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AssetFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="needsTestData">Also needs <c>/usr/share/libonnx-testdata</c>.</param>
    public AssetFactAttribute(bool needsTestData = false)
    {
        if (Assets.Missing(needsTestData) is { } missing && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}

/// <summary>A theory with the same skip rule as <see cref="AssetFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AssetTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public AssetTheoryAttribute(bool needsTestData = false)
    {
        if (Assets.Missing(needsTestData) is { } missing && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}

/// <summary>Where the tests' native assets are and whether they are installed.</summary>
public static class Assets
{
    /// <summary>The folder of Debian's libonnx-testdata.</summary>
    public const string TestDataRoot = "/usr/share/libonnx-testdata/data";

    private static readonly Lazy<string?> LibraryProblem = new(() =>
    {
        try
        {
            OrtLibrary.Load();
            return null;
        }
        catch (OrtLibraryNotFoundException e)
        {
            return e.Message;
        }
    });

    /// <summary>Why the assets are not usable, or null when they are.</summary>
    public static string? Missing(bool needsTestData)
    {
        if (LibraryProblem.Value is { } problem)
        {
            return $"asset missing: {problem}";
        }

        return needsTestData && !Directory.Exists(TestDataRoot)
            ? $"asset missing: Debian's libonnx-testdata ({TestDataRoot}); install it with `./build.sh --target=assets` (or apt-get install libonnx-testdata)"
            : null;
    }
}
