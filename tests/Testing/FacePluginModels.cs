using Xunit;

namespace Facebench.Testing;

/// <summary>The faceplugin networks that <c>./build.sh --target=assets</c> installs under tools/faceplugin/model/.</summary>
public static class FacePluginModels
{
    /// <summary>tools/faceplugin/model/fr_feature.onnx: 1x3x112x112 in, (x − 127.5)/128, a 512-d embedding out.</summary>
    public static string Feature => Model("fr_feature.onnx");

    /// <summary>A model file under tools/faceplugin/model/ (fr_feature.onnx, fr_age.onnx, fr_gender.onnx).</summary>
    public static string Model(string name) => Path.Combine(RepositoryPaths.RepositoryRoot, "tools", "faceplugin", "model", name);

    /// <summary>Why the identity network cannot be used, or null.</summary>
    public static string? Missing => MissingOf("fr_feature.onnx");

    /// <summary>Why one of the named models cannot be used, or null.</summary>
    public static string? MissingOf(params string[] names) =>
        names.Select(Model).FirstOrDefault(p => !File.Exists(p)) is { } missing ? $"asset missing: {missing}; install it with `./build.sh --target=assets`" : null;
}

/// <summary>A fact that needs faceplugin networks (the identity network unless others are named): skipped without them, except under CI, where it fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FacePluginFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="models">The model files the test needs (default: the identity network, fr_feature.onnx).</param>
    public FacePluginFactAttribute(params string[] models)
    {
        if (FacePluginModels.MissingOf(models.Length > 0 ? models : ["fr_feature.onnx"]) is { } missing && !SharedDataFactAttribute.IsCi)
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
