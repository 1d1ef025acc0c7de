using System.CommandLine;
using Facebench.Contracts;
using Facebench.Host.Pipelines;
using Facebench.Host.Reporting;
using Facebench.Host.Running;

namespace Facebench.Host.Cli;

/// <summary><c>facebench report</c>: re-renders a run's report from its stored results.</summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var run = new Argument<string>("run-dir") { Description = "A run folder (holding manifest.json and results.jsonl)." };
        var plugins = CommonOptions.Plugins();
        var command = new Command("report", "Re-render a run's report from its stored results.") { run, plugins };
        command.SetAction(result => Execute(result.GetValue(run)!, result.GetValue(plugins)));
        return command;
    }

    /// <summary>Re-renders; returns an exit code.</summary>
    public static int Execute(string runDirectory, string[]? pluginFolders)
    {
        try
        {
            runDirectory = Path.GetFullPath(runDirectory);
            var manifest = RunManifest.Load(runDirectory);
            var catalog = CommonOptions.LoadCatalog(pluginFolders);
            // Re-renders from stored results and stored analysis outputs: no analysis runs here.
            var report = ReportBuilder.Build(runDirectory, ReportBuilder.PipelineFromManifest(manifest, catalog, runDirectory), manifest);
            HostConsole.Info($"Report: {Path.Combine(runDirectory, "report.html")}");
            return report.Sections.Any(s => s.Error is not null) ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }
        catch (Exception e) when (e is PluginInputException or PipelineException or InvalidDataException)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
