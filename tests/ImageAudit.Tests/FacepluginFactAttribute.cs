using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>
/// A fact that needs the faceplugin ONNX models (<c>./build.sh --target=assets</c> installs them under
/// tools/faceplugin/model/) and the shared photos: skipped with the reason when missing, failed under CI.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FacepluginFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="models">Model file names under tools/faceplugin/model/.</param>
    public FacepluginFactAttribute(params string[] models)
    {
        string? missing = models.Select(Faceplugin.Model).Append(RepositoryPaths.Shared("data/dlib-faces/2008_001322.jpg"))
            .FirstOrDefault(p => !File.Exists(p));
        if (missing is not null && !SharedDataFactAttribute.IsCi)
        {
            Skip = $"not found: {missing} (run ./build.sh --target=assets; the photos come from ../shared)";
        }
    }
}

/// <summary>The installed faceplugin models.</summary>
public static class Faceplugin
{
    /// <summary>The path of a model under tools/faceplugin/model/.</summary>
    public static string Model(string name) => Path.Combine(RepositoryPaths.RepositoryRoot, "tools", "faceplugin", "model", name);
}
