using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;
using Facebench.Landmarks.Ert;

namespace Facebench.Landmarks.Benchmarks;

/// <summary>
/// dlib's 68-point predictor in C#, single thread: one face per operation, cycling through the 18 boxes of the
/// dlib example photos (the boxes of the shared dlib-19.24 reference CSV), so that the cache sees different leaves
/// as in real use. The target is at most 0.9 ms per face (dlib's C++: 0.86-0.89 ms on the reference machine).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, warmupCount: 3, iterationCount: 10)]
public class PredictBenchmarks
{
    private ShapePredictor _predictor = null!;
    private (ImageBuffer Image, BoundingBox Box)[] _faces = [];
    private Point2[] _points = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var model = ShapePredictorModel.Load(ShapePredictorModel.DebianModelPath);
        _predictor = new ShapePredictor(model);
        _points = new Point2[model.LandmarkCount];
        _faces = [.. BenchmarkData.Boxes().Select(b => (ImageCodec.Load(b.Image), b.Box))];
    }

    /// <summary>One face: 15 cascades × (500 pixels + 500 trees).</summary>
    [Benchmark(Description = "predict one face (68 points)")]
    public Point2 PredictOneFace()
    {
        var (image, box) = _faces[_next];
        _next = (_next + 1) % _faces.Length;
        _predictor.Predict(image, box, _points);
        return _points[0];
    }
}

/// <summary>Model load: read and parse the 99.7 MB .dat file (target: at most 0.65 s; dlib 0.38-0.65 s).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LoadBenchmarks
{
    /// <summary>File read + parse into the flat tree arrays.</summary>
    [Benchmark(Description = "load shape_predictor_68_face_landmarks.dat")]
    public int LoadModel() => ShapePredictorModel.Load(ShapePredictorModel.DebianModelPath).TreesPerCascade;
}

/// <summary>The benchmark faces: the boxes of the dlib example XML.</summary>
internal static class BenchmarkData
{
    public static IEnumerable<(string Image, BoundingBox Box)> Boxes()
    {
        string folder = SharedFolder("data", "dlib-faces");
        return File.ReadLines(Path.Combine(folder, "dlib-19.24-landmarks.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (Path.Combine(folder, f[0]), new BoundingBox(int.Parse(f[1]), int.Parse(f[2]), int.Parse(f[3]), int.Parse(f[4]))))
            .Distinct();
    }

    /// <summary>../shared beside the checkout (or FACEBENCH_SHARED), found from the working directory upwards.</summary>
    private static string SharedFolder(params string[] parts)
    {
        if (Environment.GetEnvironmentVariable("FACEBENCH_SHARED") is { Length: > 0 } shared)
        {
            return Path.Combine([shared, .. parts]);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
            {
                return Path.Combine([dir.FullName, "..", "shared", .. parts]);
            }
        }

        throw new InvalidOperationException("Facebench.sln not found above the benchmark; set FACEBENCH_SHARED.");
    }
}
