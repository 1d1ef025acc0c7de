using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Facebench.Detection.Benchmarks;

/// <summary>
/// Entry point. <c>compare</c> times OpenCV's detectMultiScale (python3-opencv, through
/// tools/haar-reference/time_opencv.py) on the benchmark frame, runs the BenchmarkDotNet job on the same frame, and
/// prints both side by side; <c>compare --quick</c> replaces BenchmarkDotNet with a plain stopwatch loop; <c>video</c>
/// measures dataset.video's decoding rate (<see cref="VideoThroughput"/>). Any other arguments go to BenchmarkDotNet's
/// switcher.
/// </summary>
public static class Program
{
    /// <summary>Runs the comparison or the benchmarks selected on the command line.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compare")
        {
            return Compare(quick: args.Contains("--quick"));
        }

        if (args.Length > 0 && args[0] == "video")
        {
            return VideoThroughput.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static int Compare(bool quick)
    {
        const int Repeat = 30;
        byte[] frame = BenchmarkFrame.Build();
        string pgm = Path.Combine(Path.GetTempPath(), $"facebench-haar-frame-{Environment.ProcessId}.pgm");
        BenchmarkFrame.WritePgm(frame, pgm);
        var opencv = new Dictionary<int, string>();
        try
        {
            string script = Path.Combine(RepositoryRoot(), "tools", "haar-reference", "time_opencv.py");
            foreach (int threads in new[] { 1, 2 })
            {
                opencv[threads] = RunPython(script, pgm, threads, Repeat);
            }
        }
        finally
        {
            File.Delete(pgm);
        }

        var ours = new Dictionary<int, string>();
        if (quick)
        {
            var detector = new CascadeDetector(CascadeClassifier.Load(BenchmarkFrame.Cascade));
            foreach (int threads in new[] { 1, 2 })
            {
                var parameters = new DetectionParameters { MaxDegreeOfParallelism = threads };
                ours[threads] = Time(() => detector.Detect(frame, BenchmarkFrame.Width, BenchmarkFrame.Height, parameters).Count, Repeat);
            }
        }
        else
        {
            Summary summary = BenchmarkRunner.Run<HaarDetectionBenchmarks>(DefaultConfig.Instance.AddJob(Job.ShortRun));
            foreach (BenchmarkReport report in summary.Reports)
            {
                int threads = (int)report.BenchmarkCase.Parameters["Threads"];
                var stats = report.ResultStatistics;
                ours[threads] = stats is null ? "no result" : $"mean {stats.Mean / 1e6:F2} ms, median {stats.Median / 1e6:F2} ms (BenchmarkDotNet short run)";
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Haar detection, {BenchmarkFrame.Width}x{BenchmarkFrame.Height} frame from the LFPW sample, {Path.GetFileName(BenchmarkFrame.Cascade)}, scale 1.1, 3 neighbours; {Environment.ProcessorCount} cores visible");
        foreach (int threads in new[] { 1, 2 })
        {
            Console.WriteLine($"  threads={threads}  OpenCV: {opencv[threads]}");
            Console.WriteLine($"  threads={threads}  C#:     {ours.GetValueOrDefault(threads, "not run")}");
        }

        return 0;
    }

    private static string Time(Func<int> run, int repeat)
    {
        int boxes = 0;
        for (int i = 0; i < 3; i++)
        {
            boxes = run();
        }

        var times = new double[repeat];
        var cpu = new double[repeat];
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            self.Refresh();
            TimeSpan startCpu = self.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            boxes = run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            self.Refresh();
            cpu[i] = (self.TotalProcessorTime - startCpu).TotalMilliseconds;
        }

        Array.Sort(times);
        Array.Sort(cpu);
        return $"median {times[repeat / 2]:F2} ms, best {times[0]:F2} ms, median CPU {cpu[repeat / 2]:F2} ms, {boxes} boxes (stopwatch)";
    }

    private static string RunPython(string script, string pgm, int threads, int repeat)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                script, pgm,
                "--threads", threads.ToString(CultureInfo.InvariantCulture),
                "--repeat", repeat.ToString(CultureInfo.InvariantCulture),
                "--cascade", BenchmarkFrame.Cascade,
            },
        };
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : $"failed ({stderr.Result.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"not run: /usr/bin/python3 is missing ({e.Message}); apt-get install python3-opencv";
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Facebench.sln).");
    }
}
