using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Benchmarks;

/// <summary>
/// The per-<c>Run</c> overhead of ONNX Runtime's managed package on a conformance model with pre-bound buffers: the
/// time per run and (MemoryDiagnoser) the managed allocation per run. <see cref="IoBinding"/> is the path Facebench's
/// stages use (an <see cref="OrtIoBinding"/> over pre-allocated <see cref="OrtValue"/>s and one reused
/// <see cref="RunOptions"/>); <see cref="PreallocatedOutputs"/> is the package's name-list <c>Run</c> into the same
/// pre-allocated values, for comparison. Twenty iterations and the median column, because a run is a few µs and the
/// machines this runs on are shared.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class RunBenchmarks
{
    private InferenceSession _session = null!;
    private OrtValue _input = null!;
    private OrtValue _output = null!;
    private RunOptions _runOptions = null!;
    private OrtIoBinding _binding = null!;
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
        _runOptions = new RunOptions();
        _binding = _session.CreateIoBinding();
        _binding.BindInput(c.InputName, _input);
        _binding.BindOutput(c.OutputName, _output);
        (_inputNames, _outputNames, _inputs, _outputs) = ([c.InputName], [c.OutputName], [_input], [_output]);
    }

    /// <summary>One run through the I/O binding.</summary>
    [Benchmark(Baseline = true)]
    public void IoBinding() => _session.RunWithBinding(_runOptions, _binding);

    /// <summary>One run through the name-list <c>Run</c> into pre-allocated outputs.</summary>
    [Benchmark]
    public void PreallocatedOutputs() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    /// <summary>Releases the native objects.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _binding.Dispose();
        _runOptions.Dispose();
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }
}
