using Xunit;

namespace Facebench.Testing;

/// <summary>
/// A fact that reads files under <c>../shared</c>. When a named file is missing it is skipped with the
/// reason, except under CI (<c>CI</c> set), where it runs and fails: CI must always have the data.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="relativePaths">Paths relative to the shared folder that the test needs.</param>
    public SharedDataFactAttribute(params string[] relativePaths)
    {
        string? missing = relativePaths.Select(p => RepositoryPaths.Shared(p)).FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
        if (missing is not null && !IsCi)
        {
            Skip = $"shared data not found: {missing} (set FACEBENCH_SHARED or place the shared folder beside the checkout)";
        }
    }

    /// <summary>True under CI, where missing shared data is a failure rather than a skip.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A theory that reads files under <c>../shared</c>; same skip rule as <see cref="SharedDataFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedDataTheoryAttribute(params string[] relativePaths)
    {
        string? missing = relativePaths.Select(p => RepositoryPaths.Shared(p)).FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
        if (missing is not null && !SharedDataFactAttribute.IsCi)
        {
            Skip = $"shared data not found: {missing} (set FACEBENCH_SHARED or place the shared folder beside the checkout)";
        }
    }
}
