using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Facebench.Morphable.Articulated;
using Facebench.Morphable.Formats.Flame;

namespace Facebench.ModelFormats.Benchmarks;

/// <summary>
/// Loading a FLAME-sized model file (5,023 vertices, 400 components): a Python-2-style .pkl (chumpy wrappers, str
/// payloads, scipy.sparse regressor; as FLAME 2020 is) and a Python 3 protocol-4 .pkl (as FLAME 2023 is), written
/// once by the committed fixture generator (<c>generate_fixtures.py --flame-sized</c>, Python standard library).
/// Target: under 0.5 s.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FlameLoadBenchmarks
{
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "facebench-flame-sized");
        if (File.Exists(Path.Combine(_folder, "flame2023_sized.pkl")))
        {
            return;
        }

        Directory.CreateDirectory(_folder);
        string script = Path.Combine(RepositoryRoot(), "tests", "ModelFormats.Tests", "Fixtures", "generate_fixtures.py");
        var process = Process.Start(new ProcessStartInfo("python3", $"\"{script}\" --flame-sized \"{_folder}\"") { UseShellExecute = false })
            ?? throw new InvalidOperationException("python3 is needed to write the FLAME-sized fixture.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"generate_fixtures.py --flame-sized exited with {process.ExitCode}.");
        }
    }

    [Benchmark(Description = "load FLAME-sized .pkl (Python 2 style, chumpy, sparse)")]
    public ArticulatedMorphableModel LoadPython2() => FlameReader.Read(Path.Combine(_folder, "flame2020_sized.pkl"));

    [Benchmark(Description = "load FLAME-sized .pkl (protocol 4, plain arrays)")]
    public ArticulatedMorphableModel LoadProtocol4() => FlameReader.Read(Path.Combine(_folder, "flame2023_sized.pkl"));

    /// <summary>The checkout's root (the folder with Facebench.sln).</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No Facebench.sln above the benchmark.");
    }
}
