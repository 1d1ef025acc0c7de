using System.Text.Json;
using Facebench.Testing;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>The real <c>facebench</c> program, started as a process, on the shipped plugins and pipelines.</summary>
public sealed class CliEndToEndTests
{
    private static (int Code, string Out, string Err) Facebench(params string[] args)
    {
        FacebenchProcess.Result result = FacebenchProcess.Run(args);
        return (result.Code, result.Out, result.Err);
    }

    [SharedDataFact("data/dlib-faces/training_with_face_landmarks.xml")]
    public void Smoke_pipeline_runs_on_the_shared_photos_and_reports_18_faces()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "smoke");

        var (code, stdout, stderr) = Facebench("run", Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", "shared-smoke.yaml"), "--out", output);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("18 samples, 0 failed", stdout, StringComparison.Ordinal);
        foreach (string file in new[] { "manifest.json", "results.jsonl", "summary.json", "report.html", "report.md", "figures/report.dataset-stats-iod-histogram.svg", "figures/report.dataset-stats-iod-histogram.png", "figures/report.dataset-stats-mean-shape.svg", "figures/report.dataset-stats-mean-shape.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        var metrics = summary.GetProperty("metrics");
        Assert.Equal(18, metrics.GetProperty("report.dataset-stats.samples").GetInt32());
        Assert.Equal(4, metrics.GetProperty("report.dataset-stats.images").GetInt32());
        Assert.Equal(18, metrics.GetProperty("report.dataset-stats.annotated").GetInt32());
        Assert.InRange(metrics.GetProperty("report.dataset-stats.median_iod").GetDouble(), 5, 500);
        Assert.Equal(18, File.ReadAllLines(Path.Combine(output, "results.jsonl")).Length);
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("Dataset statistics", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal); // self-contained
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_results_give_byte_identical_figures_in_another_process()
    {
        using var env = new HostTestEnvironment();
        string output = Path.Combine(env.Directory, "fit");
        var (code, stdout, stderr) = Facebench("run", Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", "fit-reference.yaml"), "--out", output, "--set", "source.with.count=40");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var first = Figures(output);

        // `report` re-draws every figure from results.jsonl in a new process.
        (code, stdout, stderr) = Facebench("report", output);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var second = Figures(output);

        foreach (string figure in new[] { "nme-cdf", "vertex-error-histogram", "fit-time", "nme-by-yaw", "errors-by-group", "overlay-0" })
        {
            Assert.Contains($"report.fit-errors-{figure}.svg", first.Keys);
            Assert.Contains($"report.fit-errors-{figure}.png", first.Keys);
        }

        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.All(first, f => Assert.True(f.Value.AsSpan().SequenceEqual(second[f.Key]), $"{f.Key} differs between the two processes"));
    }

    private static Dictionary<string, byte[]> Figures(string run) =>
        Directory.EnumerateFiles(Path.Combine(run, "figures")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Plugins_lists_every_shipped_plugin_with_its_options()
    {
        var (code, stdout, _) = Facebench("plugins");

        Assert.Equal(0, code);
        foreach (string id in new[] { "dataset.pts-folder", "dataset.dlib-xml", "report.dataset-stats" })
        {
            Assert.Contains(id, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("include_unannotated", stdout, StringComparison.Ordinal);
        Assert.Contains("default 68", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugins_filters_by_kind_and_rejects_unknown_kinds()
    {
        var (code, stdout, _) = Facebench("plugins", "--kind", "report");
        Assert.Equal(0, code);
        Assert.Contains("report.dataset-stats", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("dataset.dlib-xml", stdout, StringComparison.Ordinal);

        var (bad, _, err) = Facebench("plugins", "--kind", "sorce");
        Assert.Equal(2, bad);
        Assert.Contains("--kind 'sorce'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_the_line_and_column_of_a_mistake()
    {
        using var env = new HostTestEnvironment();
        string pipeline = env.Write("typo.yaml", "name: typo\nsource:\n  use: dataset.dlib-xml\n  with:\n    pth: faces.xml\n");

        var (code, _, stderr) = Facebench("validate", pipeline);

        Assert.Equal(2, code);
        Assert.Contains($"{pipeline}:5:5: plugin 'dataset.dlib-xml' has no option 'pth'; did you mean 'path'?", stderr, StringComparison.Ordinal);
    }

    [SharedDataFact("data/dlib-faces/training_with_face_landmarks.xml")]
    public void Validate_accepts_the_smoke_pipeline()
    {
        var (code, stdout, stderr) = Facebench("validate", Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", "shared-smoke.yaml"));

        Assert.True(code == 0, stderr);
        Assert.Contains("OK", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_file_is_exit_code_2_naming_the_file_and_nothing_is_written()
    {
        using var env = new HostTestEnvironment();
        string pipeline = env.Write("missing.yaml", "name: missing\nsource:\n  use: dataset.dlib-xml\n  with: { path: nowhere/faces.xml }\n");
        string output = Path.Combine(env.Directory, "out");

        var (code, _, stderr) = Facebench("run", pipeline, "--out", output);

        Assert.Equal(2, code);
        Assert.Contains(Path.Combine(env.Directory, "nowhere", "faces.xml") + ": dataset file not found.", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [SharedDataFact("models/sfm/sfm_shape_3448.bin")]
    public void Model_info_recognises_a_model_file_and_export_writes_an_obj()
    {
        using var env = new HostTestEnvironment();
        string obj = Path.Combine(env.Directory, "sfm.obj");

        var (code, stdout, stderr) = Facebench("model", "info", RepositoryPaths.Shared("models/sfm/sfm_shape_3448.bin"));
        var (exportCode, _, exportErr) = Facebench("model", "export", "model.sfm", "--identity", "1,-0.5", "-o", obj);

        Assert.True(code == 0, stderr);
        Assert.Contains("3448", stdout, StringComparison.Ordinal);
        Assert.Contains("50 of 68", stdout, StringComparison.Ordinal);
        Assert.True(exportCode == 0, exportErr);
        var lines = File.ReadAllLines(obj);
        Assert.Equal(3448, lines.Count(l => l.StartsWith("v ", StringComparison.Ordinal)));
        Assert.Equal(6736, lines.Count(l => l.StartsWith("f ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Model_info_on_a_file_of_no_known_format_is_exit_code_2()
    {
        var (code, _, stderr) = Facebench("model", "info", Path.Combine(RepositoryPaths.RepositoryRoot, "README.md"));

        Assert.Equal(2, code);
        Assert.Contains("not a model file Facebench recognises", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_exit_code_2()
    {
        Assert.Equal(2, Facebench("run").Code);
        Assert.Equal(2, Facebench("frobnicate").Code);
        Assert.Equal(2, Facebench("run", "x.yaml", "--shard", "5/4").Code);
    }
}
