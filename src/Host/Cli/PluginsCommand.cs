using System.CommandLine;
using Facebench.Contracts;

namespace Facebench.Host.Cli;

/// <summary><c>facebench plugins</c>: the discovered plugins and their options.</summary>
public static class PluginsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "Only plugins of this kind: source, stage, component or report." };
        var plugins = CommonOptions.Plugins();
        var command = new Command("plugins", "List the discovered plugins with their options, types and defaults.") { kind, plugins };
        command.SetAction(result => Execute(result.GetValue(kind), result.GetValue(plugins)));
        return command;
    }

    /// <summary>Prints the table; returns 2 for an unknown kind or a fatal catalog problem.</summary>
    public static int Execute(string? kindText, string[]? pluginFolders)
    {
        PluginKind? kind = null;
        if (kindText is not null)
        {
            if (!Enum.TryParse(kindText, ignoreCase: true, out PluginKind parsed))
            {
                HostConsole.Error($"--kind '{kindText}' is not one of source, stage, component, report.");
                return ExitCodes.InvalidInput;
            }

            kind = parsed;
        }

        var catalog = CommonOptions.LoadCatalog(pluginFolders);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var plugin in catalog.Plugins.Where(p => kind is null || p.Kind == kind).OrderBy(p => p.Kind).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            rows.Add([plugin.Id, plugin.Kind.ToString().ToLowerInvariant(), plugin.Metadata.Version, plugin.Metadata.Description]);
            foreach (var option in plugin.Options.Options)
            {
                string defaultText = option.IsRequired ? "(required)" : $"default {option.DefaultText}";
                rows.Add(["", $"  {option.Key}", option.TypeName, $"{defaultText}. {option.Description}".Trim()]);
            }
        }

        HostConsole.Table(["plugin / option", "kind / key", "version / type", "description"], rows);
        HostConsole.Info($"{catalog.Plugins.Count(p => kind is null || p.Kind == kind)} plugin(s) from {string.Join(", ", catalog.Folders)}.");
        foreach (var fatal in catalog.Problems.Where(p => p.IsFatal))
        {
            HostConsole.Error(fatal.Message);
        }

        return catalog.Problems.Any(p => p.IsFatal) ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }
}
