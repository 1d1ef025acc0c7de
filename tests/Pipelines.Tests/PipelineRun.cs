using System.Text.Json;
using Facebench.Contracts;
using Facebench.Host;
using Facebench.Host.Cli;
using Facebench.Host.Running;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>Runs a shipped pipeline in process into a scratch folder and reads back what it wrote.</summary>
internal sealed class PipelineRun : IDisposable
{
    static PipelineRun() => HostConsole.Quiet = true;

    private PipelineRun(string directory, int exitCode)
    {
        Directory = directory;
        ExitCode = exitCode;
    }

    public string Directory { get; }

    public int ExitCode { get; }

    /// <summary>Runs <c>pipelines/&lt;name&gt;.yaml</c> with overrides.</summary>
    public static async Task<PipelineRun> Start(string name, params string[] overrides)
    {
        // A fresh folder per run, whatever the pipeline's name: cutting "name-guid" to a length once dropped the whole guid
        // of a long name, and two tests of one pipeline then met in the same folder.
        string directory = Path.Combine(Path.GetTempPath(), "facebench-pipelines", $"{name}-{Guid.NewGuid().ToString("N")[..12]}");
        string pipeline = Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", name + ".yaml");
        int code = await RunCommand.ExecuteAsync(new RunCommand.Request(pipeline, directory, overrides, null, null, false, null, [RepositoryPaths.PluginsFolder]), CancellationToken.None);
        return new PipelineRun(directory, code);
    }

    /// <summary>Headline metrics from summary.json.</summary>
    public IReadOnlyDictionary<string, double> Metrics =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "summary.json"))).RootElement.GetProperty("metrics")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    /// <summary>The samples as stored.</summary>
    public List<Sample> Samples => ResultsFile.Read(Path.Combine(Directory, ResultsFile.FileName), out _);

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
