using Facebench.Testing;

namespace Facebench.ModelFormats.Tests;

/// <summary>Paths of the committed fixtures (written by Fixtures/generate_fixtures.py) and scratch folders.</summary>
internal static class Fixture
{
    /// <summary>A fixture file.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([RepositoryPaths.RepositoryRoot, "tests", "ModelFormats.Tests", "Fixtures", .. parts]);

    /// <summary>A fresh temporary folder for files a test writes.</summary>
    public static string TempFolder()
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "facebench-modelformats-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
