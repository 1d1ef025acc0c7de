using Xunit;

namespace Facebench.Testing;

/// <summary>The faceplugin identity network that <c>./build.sh --target=assets</c> installs under tools/.</summary>
public static class FacePluginModels
{
    /// <summary>tools/faceplugin/model/fr_feature.onnx: 1x3x112x112 in, (x − 127.5)/128, a 512-d embedding out.</summary>
    public static string Feature => Path.Combine(RepositoryPaths.RepositoryRoot, "tools", "faceplugin", "model", "fr_feature.onnx");

    /// <summary>Why the model cannot be used, or null.</summary>
    public static string? Missing => File.Exists(Feature) ? null : $"asset missing: {Feature}; install it with `./build.sh --target=assets`";
}

/// <summary>A fact that needs the faceplugin identity network: skipped without it, except under CI, where it fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FacePluginFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public FacePluginFactAttribute()
    {
        if (FacePluginModels.Missing is { } missing && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}

/// <summary>A theory with the same skip rule as <see cref="FacePluginFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FacePluginTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public FacePluginTheoryAttribute()
    {
        if (FacePluginModels.Missing is { } missing && !SharedDataFactAttribute.IsCi)
        {
            Skip = missing;
        }
    }
}
