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
        // The name is shortened, never the GUID: runs of one pipeline (other test processes on the machine too) must not share a folder.
        string directory = Path.Combine(Path.GetTempPath(), "facebench-pipelines", $"{name[..Math.Min(name.Length, 24)]}-{Guid.NewGuid():N}");
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
