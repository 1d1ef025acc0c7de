using System.Diagnostics;
using System.Text.Json;
using Facebench.Onnx.Providers;
using Facebench.Testing;

namespace Facebench.Onnx.Tests;

/// <summary>
/// The onnx plugins inside the built <c>facebench</c> program, started as a process: the plugins folder is loaded in
/// the host's own load context, so these check that ONNX Runtime's native library resolves from there and that the
/// provider options read from a pipeline file behave as in-process.
/// </summary>
public sealed class HostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("facebench-onnx-host-").FullName;

    [Fact]
    public void A_pipeline_with_an_onnx_model_validates_in_the_host_with_provider_auto()
    {
        string pipeline = WritePipeline("auto");
        var (code, stdout, stderr) = Facebench("validate", pipeline);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("OK", stdout + stderr, StringComparison.Ordinal);
        if (CudaProviderCheck.FindProblem() is not null)
        {
            Assert.Contains($"infer.onnx: provider auto runs {Path.Combine(_folder, "means.onnx")} on the CPU: ", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Provider_cuda_without_cuda_stops_validation_with_a_one_line_reason()
    {
        if (CudaProviderCheck.FindProblem() is null)
        {
            return; // CUDA loads on this machine: nothing to refuse (ProviderTests covers running on it)
        }

        var (code, stdout, stderr) = Facebench("validate", WritePipeline("cuda"));

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        string line = stderr.Split('\n').Single(l => l.Contains("provider cuda is unavailable", StringComparison.Ordinal));
        Assert.Contains(".so", line, StringComparison.Ordinal);
        Assert.Contains("means.onnx", line, StringComparison.Ordinal);
    }

    [SharedDataFact("data/dlib-faces/training_with_face_landmarks.xml")]
    public void The_embed_stage_runs_on_the_shared_photos_in_the_host()
    {
        string output = Path.Combine(_folder, "run");
        string pipeline = WritePipeline("cpu", $$"""
            source:
              use: dataset.dlib-xml
              with: { path: {{RepositoryPaths.Shared("data", "dlib-faces", "training_with_face_landmarks.xml")}} }
            """);

        var (code, stdout, stderr) = Facebench("run", pipeline, "--out", output);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        string[] records = File.ReadAllLines(Path.Combine(output, "results.jsonl"));
        Assert.Equal(18, records.Length);
        var embeddings = records.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("facets").GetProperty("embedding").EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToList();
        Assert.All(embeddings, e => Assert.Equal(3, e.Length));
        Assert.All(embeddings.SelectMany(e => e), v => Assert.InRange(v, -1, 1));
        Assert.True(embeddings.Select(e => e[0]).Distinct().Count() > 1, "every face got the same channel means");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Out, string Err) Facebench(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.FacebenchOutput(), "facebench.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CI"] = "true"; // plain progress lines
        start.Environment.Remove("FACEBENCH_PLUGINS");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "facebench did not finish in 2 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A pipeline whose embed.onnx stage runs a channel-means model through infer.onnx with the given provider.</summary>
    private string WritePipeline(string provider, string? source = null)
    {
        File.Copy(TestModels.ChannelMeans(16, $"means-host-{provider}.onnx"), Path.Combine(_folder, "means.onnx"), overwrite: true);
        string path = Path.Combine(_folder, $"onnx-{provider}.yaml");
        source ??= "source:\n  use: dataset.synthetic\n  with: { model: model, count: 2 }";
        File.WriteAllText(path, $$"""
            name: onnx-host
            seed: 1
            components:
              model: { use: model.reference }
              onnx: { use: infer.onnx, with: { path: means.onnx, provider: {{provider}}, threads: 1 } }
            {{source}}
            stages:
              - use: embed.onnx
                with: { model: onnx, width: 16, height: 16, normalize: false }
            """.ReplaceLineEndings("\n"));
        return path;
    }
}
