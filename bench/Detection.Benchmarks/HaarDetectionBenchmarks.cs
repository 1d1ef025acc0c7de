using BenchmarkDotNet.Attributes;

namespace Facebench.Detection.Benchmarks;

/// <summary>
/// detectMultiScale-equivalent detection on the 640×480 frame with OpenCV's defaults (scale 1.1, 3 neighbours,
/// no size limits) and the frontal face cascade, on 1 thread and on 2 (levels in parallel).
/// </summary>
[MemoryDiagnoser]
public class HaarDetectionBenchmarks
{
    private byte[] _frame = [];
    private CascadeDetector _detector = null!;
    private DetectionParameters _parameters = new();

    /// <summary>Threads scanning pyramid levels.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Loads the cascade and builds the frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkFrame.Build();
        _detector = new CascadeDetector(CascadeClassifier.Load(BenchmarkFrame.Cascade));
        _parameters = new DetectionParameters { MaxDegreeOfParallelism = Threads };
        _detector.Detect(_frame, BenchmarkFrame.Width, BenchmarkFrame.Height, _parameters);
    }

    /// <summary>One full detection (pyramid, integrals, scan, grouping).</summary>
    [Benchmark]
    public int Detect() => _detector.Detect(_frame, BenchmarkFrame.Width, BenchmarkFrame.Height, _parameters).Count;
}
