using Facebench.Testing;

namespace Facebench.Onnx.Tests;

/// <summary>
/// A fact that reads ONNX's backend test data from Debian's libonnx-testdata. When it is not installed the fact is
/// skipped with the command that installs it, except under CI (<c>CI</c> set), where it runs and fails: CI installs the
/// assets with <c>./build.sh --target=assets</c> before testing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TestDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public TestDataFactAttribute()
    {
        if (TestData.Missing is { } missing && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}

/// <summary>A theory with the same skip rule as <see cref="TestDataFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TestDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public TestDataTheoryAttribute()
    {
        if (TestData.Missing is { } missing && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}

/// <summary>Where Debian's libonnx-testdata is and whether it is installed.</summary>
public static class TestData
{
    /// <summary>The folder of Debian's libonnx-testdata.</summary>
    public const string Root = "/usr/share/libonnx-testdata/data";

    /// <summary>Why the test data is not usable, or null when it is.</summary>
    public static string? Missing => Directory.Exists(Root)
        ? null
        : $"asset missing: Debian's libonnx-testdata ({Root}); install it with `./build.sh --target=assets` (or apt-get install libonnx-testdata)";

    /// <summary>A case's model file, e.g. <c>Model("pytorch-converted", "test_Conv2d")</c>.</summary>
    public static string Model(string set, string name) => Path.Combine(Root, set, name, "model.onnx");
}
