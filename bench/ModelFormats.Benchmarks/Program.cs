using System.Diagnostics;
using BenchmarkDotNet.Running;
using Facebench.Fitting.Articulated;

namespace Facebench.ModelFormats.Benchmarks;

/// <summary>Entry point: BenchmarkDotNet's switcher (<c>--filter</c>, <c>--job short</c>, …), or <c>--quick</c> for a stopwatch estimate.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line.</summary>
    public static void Main(string[] args)
    {
        if (args is ["--quick"])
        {
            Quick();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    /// <summary>
    /// The linear fitter on the public SFM (63 + 6 components) with faces drawn like FitBenchmarks draws them, as a
    /// yardstick when the machine is shared: its BenchmarkDotNet median on a quiet machine is 0.72 ms.
    /// </summary>
    private static double SfmReference()
    {
        string shared = Environment.GetEnvironmentVariable("FACEBENCH_SHARED") ?? Path.Combine(FlameLoadBenchmarks.RepositoryRoot(), "..", "shared");
        string path = Path.Combine(shared, "models", "sfm", "sfm_shape_3448.bin");
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        var model = Facebench.Morphable.SfmModelReader.ReadWithSiblings(path);
        var fitter = new Facebench.Fitting.LandmarkFitter(model);
        var random = new Random(1);
        var faces = new List<Facebench.Contracts.Point2[]>();
        var set = new Facebench.Fitting.LandmarkBasis(model);
        for (int n = 0; n < 32; n++)
        {
            double[] c = [.. Enumerable.Range(0, set.ComponentCount).Select(_ => random.NextDouble() - 0.5)];
            var r = Facebench.Geometry.HeadPose.CameraFromModel(-30 + (60 * random.NextDouble()), 0, 0);
            var p = new double[3];
            var landmarks = new Facebench.Contracts.Point2[68];
            for (int i = 0; i < 68; i++)
            {
                if (!set.IsMapped(i))
                {
                    landmarks[i] = Facebench.Contracts.Point2.Missing;
                    continue;
                }

                set.EvaluateLandmark(i, c, p);
                landmarks[i] = Facebench.Geometry.Pinhole.Project(1000, 319.5, 239.5, (r * Facebench.Geometry.Vec3.Read(p)) + new Facebench.Geometry.Vec3(0, 0, 600));
            }

            faces.Add(landmarks);
        }

        var times = new List<double>();
        for (int i = 0; i < 160; i++)
        {
            long start = Stopwatch.GetTimestamp();
            fitter.Fit(faces[i % 32], 1000, 319.5, 239.5);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Stopwatch medians for iterating on the code (BenchmarkDotNet gives the numbers to report).</summary>
    private static void Quick()
    {
        var bench = new FlameFitBenchmarks();
        bench.Setup();
        var times = new List<double>();
        for (int i = 0; i < 5 * 32; i++)
        {
            long start = Stopwatch.GetTimestamp();
            bench.Fit();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        ArticulatedLandmarkObjective objective = bench.Objective;
        var x = new double[objective.Dimension];
        var g = new double[objective.Dimension];
        bench.ConfigureAtFirstFace(x);
        long t = Stopwatch.GetTimestamp();
        for (int i = 0; i < 2000; i++)
        {
            objective.EvaluateNatural(x, g);
        }

        double natural = Stopwatch.GetElapsedTime(t).TotalMicroseconds / 2000;
        t = Stopwatch.GetTimestamp();
        for (int i = 0; i < 50; i++)
        {
            objective.Precondition(x);
            objective.Unscale(x);
        }

        double precondition = Stopwatch.GetElapsedTime(t).TotalMicroseconds / 50;
        Console.WriteLine($"SFM linear fit (same machine, same moment, for scale): median {SfmReference():F3} ms");
        Console.WriteLine($"fit median {times[times.Count / 2]:F3} ms (p90 {times[(int)(times.Count * 0.9)]:F3}); objective {natural:F1} µs; preconditioner build {precondition:F0} µs");
    }
}
