using Facebench.Host.Catalog;
using Facebench.Testing;

namespace Facebench.Host.Tests;

/// <summary>Paths and a scratch folder for host tests.</summary>
internal sealed class HostTestEnvironment : IDisposable
{
    static HostTestEnvironment() => HostConsole.Quiet = true;

    public HostTestEnvironment()
    {
        Directory = Path.Combine(Path.GetTempPath(), "facebench-tests", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>A fresh scratch folder, deleted at disposal.</summary>
    public string Directory { get; }

    /// <summary>The folder of the test-only plugins.</summary>
    public static string TestPlugins => Path.Combine(RepositoryPaths.FacebenchOutput(), "testplugins");

    /// <summary>The folder of the duplicate-id plugin.</summary>
    public static string DuplicatePlugins => Path.Combine(RepositoryPaths.FacebenchOutput(), "duplicateplugins");

    /// <summary>The shipped plugins.</summary>
    public static string Plugins => RepositoryPaths.PluginsFolder;

    /// <summary>A catalog of the test plugins.</summary>
    public static PluginCatalog TestCatalog() => PluginCatalog.Load([TestPlugins]);

    /// <summary>Writes a file into the scratch folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
