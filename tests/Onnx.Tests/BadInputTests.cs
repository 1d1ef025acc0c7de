using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx.Format;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Plugins.Onnx.Inference.Landmarks;
using Facebench.Plugins.Onnx.Inference.Preprocessing;
using Facebench.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Tests;

public sealed class BadInputTests
{
    [Fact]
    public void A_file_that_is_not_onnx_is_rejected_naming_it()
    {
        string path = Path.Combine(TestModels.Folder, "not-a-model.onnx");
        File.WriteAllText(path, "this is a text file, not a protobuf\n");
        var component = new InferOnnxComponent();
        var e = Assert.Throws<PluginInputException>(() => component.Initialize(new InferOnnxOptions { Path = path }, new TestPluginContext()));
        Assert.Contains(path, e.Message);
        Assert.Contains("not an ONNX model", e.Message);
    }

    [Fact]
    public void An_input_shape_that_does_not_match_the_preprocessing_names_model_and_tensor()
    {
        string path = TestModels.ChannelMeans(16, "means-shape.onnx");
        TestPluginContext context = PluginTests.ContextWith(path, out _);
        var e = Assert.Throws<PluginInputException>(() => new EmbedOnnxStage().Initialize(new EmbedOnnxOptions { Width = 112, Height = 112 }, context));
        Assert.Contains(path, e.Message);
        Assert.Contains("'image'", e.Message);
        Assert.Contains("[N,3,16,16]", e.Message);

        var gray = Assert.Throws<PluginInputException>(() => new EmbedOnnxStage().Initialize(new EmbedOnnxOptions { Channels = Plugins.Onnx.Inference.Preprocessing.ChannelOrder.Gray }, context));
        Assert.Contains("channels", gray.Message);
    }

    [Fact]
    public void A_missing_output_name_lists_the_outputs()
    {
        string path = TestModels.ChannelMeans(16, "means-output.onnx");
        TestPluginContext context = PluginTests.ContextWith(path, out _);
        var e = Assert.Throws<PluginInputException>(() => new EmbedOnnxStage().Initialize(new EmbedOnnxOptions { Output = "features" }, context));
        Assert.Contains(path, e.Message);
        Assert.Contains("no output 'features'", e.Message);
        Assert.Contains("feature: float[N,3]", e.Message);
    }

    [Fact]
    public void A_landmark_model_with_another_scheme_needs_a_mapping()
    {
        string path = TestModels.Coordinates(new float[10], 32, "five-points.onnx");
        TestPluginContext context = PluginTests.ContextWith(path, out _);
        var e = Assert.Throws<PluginInputException>(() => new LandmarksOnnxStage().Initialize(new LandmarksOnnxOptions(), context));
        Assert.Contains("5 points", e.Message);
        Assert.Contains("mapping", e.Message);
    }

    [Fact]
    public void NaN_outputs_fail_the_sample_naming_model_and_tensor()
    {
        string path = TestModels.NaNs();
        TestPluginContext context = PluginTests.ContextWith(path, out _);
        var stage = new EmbedOnnxStage();
        stage.Initialize(new EmbedOnnxOptions(), context);
        var e = Assert.Throws<InvalidDataException>(() => stage.Process(TestModels.Sample("n", TestModels.Uniform(16, 16, 1, 2, 3)), default));
        Assert.Contains(path, e.Message);
        Assert.Contains("'nan'", e.Message);
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void A_missing_model_file_is_rejected_naming_it()
    {
        string path = Path.Combine(TestModels.Folder, "no-such-model.onnx");
        var e = Assert.Throws<PluginInputException>(() => new InferOnnxComponent().Initialize(new InferOnnxOptions { Path = path }, new TestPluginContext()));
        Assert.Contains(path, e.Message);
        Assert.Contains("no such ONNX model file", e.Message);
    }

    [TestDataFact]
    public void A_truncated_model_file_is_an_error_naming_the_file()
    {
        byte[] model = File.ReadAllBytes(TestData.Model("pytorch-converted", "test_Conv2d"));
        string path = Path.Combine(TestModels.Folder, "truncated-conv2d.onnx");
        File.WriteAllBytes(path, model[..(model.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(path));
        Assert.StartsWith(path + ": not an ONNX model", e.Message);
    }

    [Fact]
    public void A_well_framed_model_that_onnx_runtime_rejects_gets_its_reason_in_one_line_naming_the_file()
    {
        string path = new OnnxModelBuilder()
            .Input("x", TensorElementType.Float, 1, 4)
            .Node("NoSuchOperator", ["x"], ["y"])
            .Output("y", TensorElementType.Float, 1, 4)
            .Save(Path.Combine(TestModels.Folder, "unknown-operator.onnx"));
        var e = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(path));
        Assert.StartsWith(path + ": ONNX Runtime could not load the model: ", e.Message);
        Assert.Contains("NoSuchOperator", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
    }

    [Fact]
    public void A_run_that_fails_is_an_error_naming_the_model_and_the_batch()
    {
        string path = TestModels.FailsOnBatches(8);
        TestPluginContext context = PluginTests.ContextWith(path, out var component);
        using var runner = new ImageModelRunner(component.Instance, new EmbedOnnxOptions { BatchSize = 2 }, [""], "embed.onnx");
        ImageBuffer image = TestModels.Uniform(8, 8, 10, 20, 30);
        var crop = CropTransform.For(null, image.Size, 8, 8, 1, 0, 0, true);
        runner.WriteInput(0, image, crop);
        runner.Run(1);
        Assert.Equal((20 - 127.5f) / 127.5f, runner.Output(0, 0)[64], 5); // the green plane starts at 8·8; ArcFace normalisation

        runner.WriteInput(1, image, crop);
        var e = Assert.Throws<InvalidDataException>(() => runner.Run(2));
        Assert.StartsWith($"{path}: embed.onnx: the model failed on a batch of 2: ", e.Message);
        Assert.DoesNotContain("\n", e.Message);

        // The runner stays usable: the next batch of one runs again.
        runner.Run(1);
        Assert.Equal((10 - 127.5f) / 127.5f, runner.Output(0, 0)[0], 5);
    }

    [Fact]
    public void Mutated_models_are_rejected_with_errors_never_a_crash()
    {
        // Byte flips, truncations, insertions and field-length corruption of a real model with weights. Loading must
        // either succeed or fail with an exception; a native crash would take the test host down.
        byte[] original = File.Exists(TestData.Model("pytorch-converted", "test_Conv2d"))
            ? File.ReadAllBytes(TestData.Model("pytorch-converted", "test_Conv2d"))
            : TestModels.Affine();
        var random = new Random(20240611);
        int loaded = 0, rejected = 0;
        var settings = new OnnxSessionSettings { IntraOpThreads = 1, LogSeverity = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] mutated = Mutate(original, random);
            string path = Path.Combine(TestModels.Folder, "fuzz.onnx");
            File.WriteAllBytes(path, mutated);
            try
            {
                using OnnxModel model = OnnxModel.Load(path, settings);
                loaded++;
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                Assert.StartsWith(path + ": ", e.Message);
                rejected++;
            }
        }

        Assert.True(rejected > 100, $"only {rejected} of 400 mutations were rejected ({loaded} loaded)");
    }

    [Fact]
    public void Tensor_protos_round_trip_and_truncation_is_a_format_error()
    {
        OnnxTensor tensor = OnnxTensor.From<long>("t", [1, -2, 3, 40_000_000_000], 2, 2);
        byte[] bytes = TensorProtoWriter.ToBytes(tensor);
        OnnxTensor back = TensorProtoReader.Read(bytes);
        Assert.Equal("t", back.Name);
        Assert.Equal([2L, 2L], back.Dims);
        Assert.Equal(tensor.Data, back.Data);
        Assert.Throws<Protobuf.ProtoFormatException>(() => TensorProtoReader.Read(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<InvalidDataException>(() => OnnxModelInfo.Read("GIF89a"u8));
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + random.Next(8);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16))); break;
                case 3: bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256))); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }

            if (bytes.Count == 0)
            {
                bytes.Add(0);
            }
        }

        return [.. bytes];
    }
}
