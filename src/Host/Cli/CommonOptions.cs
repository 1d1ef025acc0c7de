using System.CommandLine;
using Facebench.Host.Catalog;

namespace Facebench.Host.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Plugins() => new("--plugins")
    {
        Description = "Plugin folder(s) to search instead of the default (the plugins folder beside facebench, or FACEBENCH_PLUGINS).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a pipeline value: --set stages[0].with.shape=40, --set source.with.count=50, --set model=model.sfm (replaces component 'model').",
    };

    public static PluginCatalog LoadCatalog(string[]? folders)
    {
        var catalog = PluginCatalog.Load(folders is { Length: > 0 } ? folders : PluginCatalog.DefaultFolders());
        foreach (var problem in catalog.Problems.Where(p => !p.IsFatal))
        {
            HostConsole.Warn($"plugin assembly {problem.Source} {problem.Message}; its plugins are unavailable.");
        }

        return catalog;
    }
}
