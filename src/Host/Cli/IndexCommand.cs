using System.CommandLine;
using Facebench.Host.Reporting;

namespace Facebench.Host.Cli;

/// <summary><c>facebench index</c>: the page listing a folder's runs with trend plots (the nightly index).</summary>
public static class IndexCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A folder of run folders, e.g. reports/nightly." };
        var command = new Command("index", "Write index.html listing the runs in a folder, with trends of their headline metrics.") { folder };
        command.SetAction(result => Execute(result.GetValue(folder)!));
        return command;
    }

    /// <summary>Writes the index; returns an exit code.</summary>
    public static int Execute(string folder)
    {
        if (!Directory.Exists(folder))
        {
            HostConsole.Error($"{folder}: folder not found.");
            return ExitCodes.InvalidInput;
        }

        var runs = RunIndexWriter.ReadRuns(folder);
        string page = RunIndexWriter.Write(folder, runs);
        HostConsole.Info($"{runs.Count} runs indexed: {page}");
        return ExitCodes.Ok;
    }
}
