using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Benchmarks;

/// <summary>
/// A model of ONNX's conformance data (Debian's libonnx-testdata) with its first input, as the run benchmarks and the
/// Node comparison both run it: one float input, one output, pre-bound buffers, the model as written.
/// </summary>
public sealed class ConformanceCase
{
    /// <summary>The cases benchmarked: a tiny model (the per-run overhead dominates) and a small convolution.</summary>
    public static readonly string[] Names = ["pytorch-converted/test_ReLU", "pytorch-converted/test_Conv2d"];

    private ConformanceCase(string name, string model, string inputName, OnnxTensor input, string outputName, long[] outputShape)
    {
        Name = name;
        ModelPath = model;
        InputName = inputName;
        Input = input;
        OutputName = outputName;
        OutputShape = outputShape;
    }

    /// <summary>The case's folder under the test data, e.g. <c>pytorch-converted/test_ReLU</c>.</summary>
    public string Name { get; }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The input's graph name.</summary>
    public string InputName { get; }

    /// <summary>The first data set's input.</summary>
    public OnnxTensor Input { get; }

    /// <summary>The output's graph name.</summary>
    public string OutputName { get; }

    /// <summary>The output's shape.</summary>
    public long[] OutputShape { get; }

    /// <summary>Loads a case.</summary>
    /// <exception cref="DirectoryNotFoundException">libonnx-testdata is not installed.</exception>
    public static ConformanceCase Load(string name)
    {
        string folder = Path.Combine("/usr/share/libonnx-testdata/data", name);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder} is missing: install the assets with ./build.sh --target=assets.");
        }

        string model = Path.Combine(folder, "model.onnx");
        OnnxTensor input = TensorProtoReader.ReadFile(Path.Combine(folder, "test_data_set_0", "input_0.pb"));
        OnnxTensor output = TensorProtoReader.ReadFile(Path.Combine(folder, "test_data_set_0", "output_0.pb"));
        using InferenceSession session = new ConformanceCase(name, model, "", input, "", output.Dims).CreateSession();
        return new ConformanceCase(name, model, session.InputNames[0], input, session.OutputNames[0], output.Dims);
    }

    /// <summary>A CPU session with one intra-op thread and sequential execution, as the Node side is configured.</summary>
    public InferenceSession CreateSession()
    {
        using SessionOptions options = OnnxSessionFactory.CreateCpuOptions(new OnnxSessionSettings { IntraOpThreads = 1, LogSeverity = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR });
        return new InferenceSession(ModelPath, options);
    }
}
