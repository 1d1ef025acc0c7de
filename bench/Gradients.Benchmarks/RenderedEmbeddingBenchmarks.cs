using BenchmarkDotNet.Attributes;
using Facebench.Audit.Images;
using Facebench.Identity;
using Facebench.Morphable;
using Facebench.Onnx;

namespace Facebench.Gradients.Benchmarks;

/// <summary>
/// The golden loop's image generator on one ONNX Runtime thread (reference head, 10 identity + 8 albedo coefficients,
/// 128×128 render, fr_feature at 112×112): one <c>Features</c> (render, warp, forward) and one <c>PullBack</c> (render,
/// warp, forward, the network's backward model, warp adjoint, renderer reverse pass, bases). Their cost sets the
/// loop's size: an MMD iteration over n samples costs n·(Features + PullBack).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class RenderedEmbeddingBenchmarks
{
    private FaceRecognitionNetwork _network = null!;
    private RenderedEmbeddingGenerator _generator = null!;
    private double[] _latent = [];
    private double[] _featureGradient = [];
    private double[] _latentGradient = [];

    [GlobalSetup]
    public void Setup()
    {
        _network = new FaceRecognitionNetwork(BenchmarkPaths.FrFeature, new FaceRecognitionSettings { Session = new OnnxSessionSettings { IntraOpThreads = 1 } });
        _generator = new RenderedEmbeddingGenerator(ReferenceModelBuilder.Build(10, 0), ReferenceAlbedoBuilder.Build(), _network, new RenderedEmbeddingSettings());
        var random = new Random(1);
        _latent = [.. Enumerable.Range(0, _generator.LatentDimension).Select(_ => random.NextDouble() - 0.5)];
        _featureGradient = [.. Enumerable.Range(0, _generator.FeatureDimension).Select(_ => random.NextDouble() - 0.5)];
        _latentGradient = new double[_generator.LatentDimension];
    }

    [GlobalCleanup]
    public void Cleanup() => _network.Dispose();

    [Benchmark(Baseline = true, Description = "rendered embedding: Features (render + crop + fr_feature forward)")]
    public double Features() => _generator.Features(_latent)[0];

    [Benchmark(Description = "rendered embedding: PullBack (forward, network backward, warp adjoint, renderer reverse, bases)")]
    public double PullBack()
    {
        _generator.PullBack(_latent, _featureGradient, _latentGradient);
        return _latentGradient[0];
    }
}
