using System.CommandLine;
using Facebench.Host.Pipelines;

namespace Facebench.Host.Cli;

/// <summary><c>facebench validate</c>: every check a run makes, without running.</summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline YAML file." };
        var set = CommonOptions.Set();
        var plugins = CommonOptions.Plugins();
        var command = new Command("validate", "Check a pipeline (YAML, plugins, options, files, components) without running it.") { pipeline, set, plugins };
        command.SetAction(result => Execute(result.GetValue(pipeline)!, result.GetValue(set) ?? [], result.GetValue(plugins)));
        return command;
    }

    /// <summary>Validates a pipeline; returns 0 when it would run, 2 otherwise.</summary>
    public static int Execute(string pipelineFile, string[] overrides, string[]? pluginFolders)
    {
        var catalog = CommonOptions.LoadCatalog(pluginFolders);
        try
        {
            var definition = PipelineLoader.Load(pipelineFile, overrides);
            var scratch = Path.Combine(Path.GetTempPath(), "facebench-validate");
            var pipeline = LoadedPipeline.Load(definition, catalog, new RunSettings(scratch, definition.Seed, IsValidationOnly: true));
            pipeline.InitialiseAll();
            HostConsole.Info($"{pipelineFile}: OK ({definition.Components.Count} component(s), source {string.Join(" + ", definition.Sources.Select(s => s.Label == s.Id ? s.Id : $"{s.Label} ({s.Id})"))}, {definition.Stages.Count} stage(s), {definition.Reports.Count} report section(s)).");
            return ExitCodes.Ok;
        }
        catch (PipelineException e)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
