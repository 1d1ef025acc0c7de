using BenchmarkDotNet.Attributes;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx.Format;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Benchmarks;

/// <summary>
/// Batching gain of a stage: <c>embed.onnx</c> on 32 face crops (112×112 RGB, an ArcFace-sized input) through a small
/// convolutional embedder, one model run per sample (batch 1) against 8 or 32 samples per run. The crops and
/// normalisation are the same work in every case; only the number of ORT runs changes.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BatchingBenchmarks
{
    private const int Samples = 32;
    private EmbedOnnxStage _stage = null!;
    private List<Sample> _samples = [];

    /// <summary>Samples per model run.</summary>
    [Params(1, 8, 32)]
    public int BatchSize { get; set; }

    /// <summary>Builds the model, the stage and the samples.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(Path.GetTempPath(), "facebench-bench-embedder.onnx");
        Embedder().Save(path);
        var context = new BenchmarkContext();
        var component = new InferOnnxComponent();
        component.Initialize(new InferOnnxOptions { Path = path, Threads = 1 }, context);
        context.Components["onnx"] = component;
        _stage = new EmbedOnnxStage();
        _stage.Initialize(new EmbedOnnxOptions { BatchSize = BatchSize }, context);
        var random = new Random(7);
        _samples = Enumerable.Range(0, Samples).Select(i =>
        {
            var pixels = new byte[160 * 160 * 3];
            random.NextBytes(pixels);
            return new Sample($"s{i}")
                .With(CoreFacets.Image, new ImageBuffer(160, 160, PixelFormat.Rgb24, pixels))
                .With(CoreFacets.FaceBox, new BoundingBox(20 + (i % 5), 24, 110, 120));
        }).ToList();
    }

    /// <summary>32 samples through the stage.</summary>
    [Benchmark]
    public IReadOnlyList<Sample> Embed32() => _stage.ProcessBatch(_samples, default);

    /// <summary>
    /// A small embedder: 3×3 convolution to 16 channels with stride 2, ReLU, 3×3 convolution to 32 channels with stride
    /// 2, ReLU, global average pooling, flattened to a 32-value feature.
    /// </summary>
    internal static OnnxModelBuilder Embedder()
    {
        var random = new Random(11);
        float[] Weights(int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        return new OnnxModelBuilder()
            .Input("image", TensorElementType.Float, -1, 3, 112, 112)
            .Initializer(OnnxTensor.FromFloats("w1", Weights(16 * 3 * 9, 0.5f), 16, 3, 3, 3))
            .Initializer(OnnxTensor.FromFloats("b1", Weights(16, 0.1f), 16))
            .Initializer(OnnxTensor.FromFloats("w2", Weights(32 * 16 * 9, 0.2f), 32, 16, 3, 3))
            .Initializer(OnnxTensor.FromFloats("b2", Weights(32, 0.1f), 32))
            .Node("Conv", ["image", "w1", "b1"], ["c1"], OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["c1"], ["r1"])
            .Node("Conv", ["r1", "w2", "b2"], ["c2"], OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["c2"], ["r2"])
            .Node("GlobalAveragePool", ["r2"], ["pooled"])
            .Node("Flatten", ["pooled"], ["feature"], OnnxAttribute.Int("axis", 1))
            .Output("feature", TensorElementType.Float, -1, 32);
    }

    /// <summary>A plugin context for driving the plugins outside the host.</summary>
    private sealed class BenchmarkContext : PluginContext
    {
        public Dictionary<string, object> Components { get; } = [];

        public override string PipelineDirectory => Directory.GetCurrentDirectory();

        public override string RunDirectory => Path.GetTempPath();

        public override int Seed => 7;

        public override bool IsValidationOnly => false;

        public override T GetComponent<T>(string reference) =>
            Components[reference] is IComponent<T> c ? c.Instance : (T)Components[reference];

        public override void Warn(string message) => Console.Error.WriteLine(message);

        public override void Info(string message)
        {
        }
    }
}
