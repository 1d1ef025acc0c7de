using System.Diagnostics;
using System.Text.Json;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Audit.Tests;

/// <summary>
/// The issue's targets, asserted on the embedded audit (pipelines/audit.yaml, seed 42) run through the built host:
/// the imbalanced model fits the minority group worse than the balanced model (paired CI above zero), the golden loop
/// lowers the MMD by at least half and raises worst-group test accuracy. (Its wall time is measured by
/// bench/Audit.Benchmarks, not here.)
/// </summary>
public sealed class AuditPipelineTests(ITestOutputHelper output)
{
    [Fact]
    public void Embedded_audit_meets_the_targets()
    {
        string host = Path.Combine(RepositoryPaths.FacebenchOutput(), "facebench");
        Assert.True(File.Exists(host), $"the host is not built at {host}: build the solution first.");
        string runFolder = Path.Combine(Path.GetTempPath(), $"facebench-audit-test-{Environment.ProcessId}");
        try
        {
            var start = new ProcessStartInfo(host, ["run", Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", "audit.yaml"), "--out", runFolder])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            output.WriteLine(stdout + stderr);
            Assert.Equal(0, process.ExitCode);

            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")));
            JsonElement m = summary.RootElement.GetProperty("metrics");
            double Metric(string name) => m.GetProperty(name).GetDouble();
            const string paired = "report.bias.paired.3d-vertex-error.group.B.imbalanced";
            Assert.True(Metric(paired) > 0, $"minority 3D error difference {Metric(paired)}");
            Assert.True(Metric(paired + ".ci_lower") > 0, $"CI lower bound {Metric(paired + ".ci_lower")}");
            for (int round = 1; round <= 3; round++)
            {
                Assert.True(Metric($"golden.generate.golden.mmd_reduction.round{round}") >= 0.5);
            }

            Assert.True(Metric("golden.generate.golden.worst_group_accuracy.after") > Metric("golden.generate.golden.worst_group_accuracy.before"));
            string report = File.ReadAllText(Path.Combine(runFolder, "report.md"));
            Assert.True(report.IndexOf("## Summary of findings", StringComparison.Ordinal) < report.IndexOf("## Fitting disparity", StringComparison.Ordinal));

            // Every figure is drawn (ScottPlot, DejaVu Sans) as SVG, inlined in the HTML, and as PNG beside it.
            string html = File.ReadAllText(Path.Combine(runFolder, "report.html"));
            foreach (string figure in new[]
            {
                "report.bias-3d-vertex-error-by-group", "report.bias-nme-by-group", "report.bias-paired-group", "report.prior-audit-predicted-distribution",
                "report.prior-audit-total-variation", "report.prior-audit-classifier-reliability", "golden.generate-mmd", "golden.generate-density-strip",
                "golden.generate-rounds", "golden.generate-group-accuracy",
            })
            {
                string svg = File.ReadAllText(Path.Combine(runFolder, "figures", figure + ".svg"));
                Assert.Contains("font-family=\"DejaVu Sans\"", svg, StringComparison.Ordinal);
                Assert.True(new FileInfo(Path.Combine(runFolder, "figures", figure + ".png")).Length > 1000, $"{figure}.png is missing or empty");
                Assert.Contains($"href=\"figures/{figure}.png\"", html, StringComparison.Ordinal);
            }

            string strip = File.ReadAllText(Path.Combine(runFolder, "figures", "golden.generate-density-strip.svg"));
            Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(strip, ">\\s*iteration \\d+: MMD").Count); // one panel per snapshot
        }
        finally
        {
            if (Directory.Exists(runFolder))
            {
                Directory.Delete(runFolder, recursive: true);
            }
        }
    }
}
