using System.Diagnostics;
using System.Globalization;

namespace Facebench.Audit.Benchmarks;

/// <summary>
/// Times the whole default audit as a user runs it (<c>facebench run pipelines/audit.yaml</c>): a timed-run benchmark
/// rather than BenchmarkDotNet, because the quantity is one long end-to-end run including process start-up, not a
/// micro-operation. Reports min / median / max wall time over the runs and exits 1 when the median exceeds the
/// 2-minute budget of issue 4.
/// </summary>
public static class Program
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Arguments: <c>[--runs N = 3] [--configuration Release|Debug = Release] [--pipeline FILE = pipelines/audit.yaml]</c>;
    /// a bare number is the run count, and BenchmarkDotNet-style <c>--filter X</c> (what the bench target passes) is ignored.
    /// </summary>
    public static int Main(string[] args)
    {
        int runs = 3;
        string configuration = "Release";
        string? pipelineArgument = null;
        for (int a = 0; a < args.Length; a++)
        {
            string value = a + 1 < args.Length ? args[a + 1] : "";
            switch (args[a])
            {
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); a++; break;
                case "--configuration": configuration = value; a++; break;
                case "--pipeline": pipelineArgument = value; a++; break;
                case "--filter": a++; break;
                default:
                    if (!int.TryParse(args[a], NumberStyles.None, CultureInfo.InvariantCulture, out runs))
                    {
                        Console.Error.WriteLine($"unknown argument '{args[a]}'; expected [--runs N] [--configuration C] [--pipeline FILE]");
                        return 2;
                    }

                    break;
            }
        }

        string root = FindRoot();
        string pipeline = Path.GetFullPath(pipelineArgument ?? Path.Combine(root, "pipelines", "audit.yaml"));
        string host = Path.Combine(root, "artifacts", "facebench", configuration, "facebench");
        if (!File.Exists(host))
        {
            Console.Error.WriteLine($"The host is not built at {host}; build the solution ({configuration}) first.");
            return 2;
        }

        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            string output = Path.Combine(Path.GetTempPath(), $"facebench-audit-bench-{Environment.ProcessId}-{i}");
            var watch = Stopwatch.StartNew();
            using Process process = Process.Start(new ProcessStartInfo(host, ["run", pipeline, "--out", output]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            watch.Stop();
            Directory.Delete(output, recursive: true);
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"run {i + 1} failed (exit {process.ExitCode}): {errors}");
                return 2;
            }

            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}/{runs}: {watch.Elapsed.TotalSeconds:F1} s"));
        }

        times.Sort();
        double median = times[times.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(pipeline)} on {Environment.ProcessorCount} cores, {configuration} host: min {times[0]:F1} s, median {median:F1} s, max {times[^1]:F1} s (budget {Budget.TotalSeconds:F0} s)"));
        return median <= Budget.TotalSeconds ? 0 : 1;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository.");
    }
}
