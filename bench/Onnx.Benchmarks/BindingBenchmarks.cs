using BenchmarkDotNet.Attributes;

namespace Facebench.Onnx.Benchmarks;

/// <summary>
/// One conformance model run in a loop through Facebench's binding with pre-bound, reused input and output buffers:
/// the time per run and (MemoryDiagnoser) the managed allocation per run, which should be 0 B.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BindingBenchmarks
{
    private InferenceSession _session = null!;
    private OrtValue _input = null!;
    private OrtValue _output = null!;
    private string[] _inputNames = [];
    private string[] _outputNames = [];
    private OrtValue[] _inputs = [];
    private OrtValue[] _outputs = [];

    /// <summary>The conformance case.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    /// <summary>The cases.</summary>
    public static IEnumerable<string> Cases => ConformanceCase.Names;

    /// <summary>Loads the model and binds the buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ConformanceCase c = ConformanceCase.Load(Case);
        _session = c.CreateSession();
        _input = c.Input.ToOrtValue();
        _output = OrtValue.CreateTensorValueFromMemory(new float[TensorShapes.ElementCount(c.OutputShape)], c.OutputShape);
        (_inputNames, _outputNames, _inputs, _outputs) = ([c.InputName], [c.OutputName], [_input], [_output]);
    }

    /// <summary>One run.</summary>
    [Benchmark]
    public void Run() => _session.Run(null, _inputNames, _inputs, _outputNames, _outputs);

    /// <summary>Releases the native objects.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }
}
