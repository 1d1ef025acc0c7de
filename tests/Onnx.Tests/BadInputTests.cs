using Facebench.Contracts;
using Facebench.Onnx.Format;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Plugins.Onnx.Inference.Landmarks;
using Facebench.Testing;

namespace Facebench.Onnx.Tests;

public sealed class BadInputTests
{
    [AssetFact]
    public void A_file_that_is_not_onnx_is_rejected_naming_it()
    {
        string path = Path.Combine(TestModels.Folder, "not-a-model.onnx");
        File.WriteAllText(path, "this is a text file, not a protobuf\n");
        var component = new InferOnnxComponent();
        var e = Assert.Throws<PluginInputException>(() => component.Initialize(new InferOnnxOptions { Path = path }, new TestPluginContext()));
        Assert.Contains(path, e.Message);
        Assert.Contains("not an ONNX model", e.Message);
    }

    [AssetFact]
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

    [AssetFact]
    public void A_missing_output_name_lists_the_outputs()
    {
        string path = TestModels.ChannelMeans(16, "means-output.onnx");
        TestPluginContext context = PluginTests.ContextWith(path, out _);
        var e = Assert.Throws<PluginInputException>(() => new EmbedOnnxStage().Initialize(new EmbedOnnxOptions { Output = "features" }, context));
        Assert.Contains(path, e.Message);
        Assert.Contains("no output 'features'", e.Message);
        Assert.Contains("feature: float[N,3]", e.Message);
    }

    [AssetFact]
    public void A_landmark_model_with_another_scheme_needs_a_mapping()
    {
        string path = TestModels.Coordinates(new float[10], 32, "five-points.onnx");
        TestPluginContext context = PluginTests.ContextWith(path, out _);
        var e = Assert.Throws<PluginInputException>(() => new LandmarksOnnxStage().Initialize(new LandmarksOnnxOptions(), context));
        Assert.Contains("5 points", e.Message);
        Assert.Contains("mapping", e.Message);
    }

    [AssetFact]
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

    [AssetFact]
    public void A_run_with_the_wrong_shape_is_an_error_naming_the_model()
    {
        using var session = new InferenceSession(SessionTests.AffineModel(), modelName: "affine.onnx");
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(new float[6], [2, 3]);
        var e = Assert.Throws<OrtException>(() => session.Run(null, ["x"], [input], ["y"]).Dispose());
        Assert.Contains("affine.onnx", e.Message);
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);

        var name = Assert.Throws<ArgumentException>(() => session.Run(null, ["z"], [input], ["y"]).Dispose());
        Assert.Contains("no input named 'z'", name.Message);
    }

    [AssetFact]
    public void Mutated_models_are_rejected_with_errors_never_a_crash()
    {
        // Byte flips, truncations, insertions and field-length corruption of a real model with weights. Loading must
        // either succeed or fail with an exception; a native crash would take the test host down.
        byte[] original = File.Exists(Path.Combine(Assets.TestDataRoot, "pytorch-converted", "test_Conv2d", "model.onnx"))
            ? File.ReadAllBytes(Path.Combine(Assets.TestDataRoot, "pytorch-converted", "test_Conv2d", "model.onnx"))
            : SessionTests.AffineModel();
        var random = new Random(20240611);
        int loaded = 0, rejected = 0;
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.Fatal, IntraOpNumThreads = 1 };
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] mutated = Mutate(original, random);
            string path = Path.Combine(TestModels.Folder, "fuzz.onnx");
            File.WriteAllBytes(path, mutated);
            try
            {
                using OnnxModel model = OnnxModel.Load(path, options);
                loaded++;
            }
            catch (Exception e) when (e is OrtException or InvalidDataException or NotSupportedException)
            {
                Assert.Contains(path, e.Message);
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
