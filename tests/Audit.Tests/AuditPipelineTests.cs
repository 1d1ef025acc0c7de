using System.Diagnostics;
using System.Text.Json;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Audit.Tests;

/// <summary>One run of the embedded audit (pipelines/audit.yaml, seed 42) through the built host, shared by the tests.</summary>
public sealed class EmbeddedAuditRun : IDisposable
{
    private readonly Lazy<AuditRunResult> _first = new(() => AuditRunResult.Run("first"));

    /// <summary>The run, made on first use.</summary>
    public AuditRunResult First => _first.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_first.IsValueCreated)
        {
            _first.Value.Delete();
        }
    }
}

/// <summary>A finished audit run: its folder, console output and summary metrics.</summary>
public sealed record AuditRunResult(string Folder, int ExitCode, string Output, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Runs pipelines/audit.yaml in a new host process into a fresh temporary folder.</summary>
    public static AuditRunResult Run(string name)
    {
        string host = Path.Combine(RepositoryPaths.FacebenchOutput(), "facebench");
        Assert.True(File.Exists(host), $"the host is not built at {host}: build the solution first.");
        string folder = Path.Combine(Path.GetTempPath(), $"facebench-audit-test-{Environment.ProcessId}-{name}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var start = new ProcessStartInfo(host, ["run", Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", "audit.yaml"), "--out", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        string summary = Path.Combine(folder, "summary.json");
        if (File.Exists(summary))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(summary));
            foreach (JsonProperty metric in document.RootElement.GetProperty("metrics").EnumerateObject())
            {
                metrics[metric.Name] = metric.Value.GetDouble();
            }
        }

        return new AuditRunResult(folder, process.ExitCode, stdout + stderr.Result, metrics);
    }

    /// <summary>A metric of summary.json, failing with the list of names when it is missing.</summary>
    public double Metric(string name) =>
        Metrics.TryGetValue(name, out double value) ? value : throw new KeyNotFoundException($"no metric '{name}' in summary.json; it has: {string.Join(", ", Metrics.Keys)}");

    /// <summary>Removes the run folder.</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>
/// The issue's targets, asserted on the embedded audit run through the built host: the imbalanced model fits the
/// minority group worse than the balanced model (paired CI above zero), the balanced auditor reads the 80/20 model's
/// prior farther from 50/50 than the 50/50 model's, and the golden loop lowers the MMD by at least half, raises
/// worst-group test accuracy and shrinks the equalized-odds gap. A second run in another process gives the same
/// metrics (the ML.NET classifiers included). (Wall time is measured by bench/Audit.Benchmarks, not here.)
/// </summary>
public sealed class AuditPipelineTests(EmbeddedAuditRun run, ITestOutputHelper output) : IClassFixture<EmbeddedAuditRun>
{
    [Fact]
    public void Embedded_audit_meets_the_targets()
    {
        AuditRunResult r = run.First;
        output.WriteLine(r.Output);
        Assert.Equal(0, r.ExitCode);

        const string paired = "report.bias.paired.3d-vertex-error.group.B.imbalanced";
        Assert.True(r.Metric(paired) > 0, $"minority 3D error difference {r.Metric(paired)}");
        Assert.True(r.Metric(paired + ".ci_lower") > 0, $"CI lower bound {r.Metric(paired + ".ci_lower")}");

        double balanced = r.Metric("report.prior-audit.prior.tv.balanced"), imbalanced = r.Metric("report.prior-audit.prior.tv.imbalanced");
        // 1,000 prior samples per model: each total variation has a standard error of about 0.016, so a margin of 0.1
        // is over four standard errors of the difference.
        Assert.True(imbalanced > balanced + 0.1, $"total variation from 50/50: 50/50 model {balanced}, 80/20 model {imbalanced}");

        for (int round = 1; round <= 3; round++)
        {
            Assert.True(r.Metric($"golden.generate.golden.mmd_reduction.round{round}") >= 0.5);
        }

        double worstBefore = r.Metric("golden.generate.golden.worst_group_accuracy.before"), worstAfter = r.Metric("golden.generate.golden.worst_group_accuracy.after");
        Assert.True(worstAfter > worstBefore + 0.1, $"worst-group accuracy {worstBefore} → {worstAfter}");
        double gapBefore = r.Metric("golden.generate.golden.equalized_odds_gap.before"), gapAfter = r.Metric("golden.generate.golden.equalized_odds_gap.after");
        Assert.True(gapAfter < gapBefore - 0.3, $"equalized-odds gap {gapBefore} → {gapAfter}");

        string report = File.ReadAllText(Path.Combine(r.Folder, "report.md"));
        Assert.True(report.IndexOf("## Summary of findings", StringComparison.Ordinal) < report.IndexOf("## Fitting disparity", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_audit_figure_is_drawn_as_svg_and_png()
    {
        AuditRunResult r = run.First;
        Assert.Equal(0, r.ExitCode);

        // Every figure is drawn (ScottPlot, DejaVu Sans) as SVG, inlined in the HTML, and as PNG beside it.
        string html = File.ReadAllText(Path.Combine(r.Folder, "report.html"));
        foreach (string figure in new[]
        {
            "report.bias-3d-vertex-error-by-group", "report.bias-nme-by-group", "report.bias-paired-group", "report.prior-audit-predicted-distribution",
            "report.prior-audit-total-variation", "report.prior-audit-classifier-reliability", "golden.generate-mmd", "golden.generate-density-strip",
            "golden.generate-rounds", "golden.generate-group-accuracy",
        })
        {
            string svg = File.ReadAllText(Path.Combine(r.Folder, "figures", figure + ".svg"));
            Assert.Contains("font-family=\"DejaVu Sans\"", svg, StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(r.Folder, "figures", figure + ".png")).Length > 1000, $"{figure}.png is missing or empty");
            Assert.Contains($"href=\"figures/{figure}.png\"", html, StringComparison.Ordinal);
        }

        string strip = File.ReadAllText(Path.Combine(r.Folder, "figures", "golden.generate-density-strip.svg"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(strip, ">\\s*iteration \\d+: MMD").Count); // one panel per snapshot
    }

    [Fact]
    public void A_second_process_gives_the_same_metrics()
    {
        AuditRunResult second = AuditRunResult.Run("second");
        try
        {
            Assert.Equal(0, run.First.ExitCode);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("golden.generate.golden.equalized_odds_gap.after", run.First.Metrics.Keys);
            Assert.Equal(run.First.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal), second.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
        finally
        {
            second.Delete();
        }
    }

    [Fact]
    public void Report_re_renders_the_audit_from_stored_analyses_without_running_them()
    {
        // A copy, so that the shared run folder of the other tests is left as it was.
        string copy = Path.Combine(Path.GetTempPath(), $"facebench-audit-test-{Environment.ProcessId}-rerender");
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        Assert.Equal(0, run.First.ExitCode);
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(run.First.Folder, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(run.First.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        try
        {
            string[] stored = [.. Directory.GetFiles(Path.Combine(copy, "analyses")).Order(StringComparer.Ordinal)];
            Assert.Equal(["analysis.golden.json", "analysis.prior-audit.json"], stored.Select(Path.GetFileName));
            var before = stored.ToDictionary(f => f, f => (File.GetLastWriteTimeUtc(f), File.ReadAllBytes(f)));
            string markdown = File.ReadAllText(Path.Combine(copy, "report.md"));
            string summary = File.ReadAllText(Path.Combine(copy, "summary.json"));
            File.Delete(Path.Combine(copy, "golden-set.csv")); // written by analysis.golden only

            var result = FacebenchProcess.Run("report", copy);

            Assert.True(result.Code == 0, result.ToString());
            Assert.DoesNotContain("Analysis '", result.Out + result.Err, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(copy, "golden-set.csv")));
            Assert.All(stored, f =>
            {
                Assert.Equal(before[f].Item1, File.GetLastWriteTimeUtc(f));
                Assert.Equal(before[f].Item2, File.ReadAllBytes(f));
            });
            Assert.Equal(markdown, File.ReadAllText(Path.Combine(copy, "report.md")));
            Assert.Equal(summary, File.ReadAllText(Path.Combine(copy, "summary.json")));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
