using BenchmarkDotNet.Attributes;
using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Identity;
using Facebench.Imaging;
using Facebench.Onnx;

namespace Facebench.Gradients.Benchmarks;

/// <summary>
/// faceplugin's fr_feature.onnx at 112×112 on one ONNX Runtime thread: the forward pass (embedding), and the forward
/// pass plus the backward model (embedding, then the gradient on the input crop), as the identity loss runs them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class IdentityNetworkBenchmarks
{
    private FaceRecognitionNetwork _network = null!;
    private float[] _crop = [];
    private float[] _upstream = [];

    [GlobalSetup]
    public void Setup()
    {
        _network = new FaceRecognitionNetwork(BenchmarkPaths.FrFeature, new FaceRecognitionSettings { Session = new OnnxSessionSettings { IntraOpThreads = 1 } });
        ImageBuffer image = ImageCodec.Load(BenchmarkPaths.LfpwImage);
        Point2[] landmarks = PtsFile.Read(BenchmarkPaths.LfpwPoints);
        AlignedFaceWarp warp = _network.Warp(landmarks, image.Width, image.Height);
        _crop = new float[warp.CropLength];
        warp.Forward(image, _crop);
        var random = new Random(1);
        _upstream = Enumerable.Range(0, 512).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _network.Dispose();

    [Benchmark(Baseline = true, Description = "fr_feature forward, 112×112")]
    public float Forward() => _network.Forward(_crop).Embedding[0];

    [Benchmark(Description = "fr_feature forward + backward, 112×112")]
    public float ForwardBackward()
    {
        _network.Forward(_crop);
        return _network.Backward(_crop, _upstream, [])[0];
    }
}
