using Facebench.Contracts;
using Facebench.Onnx;
using Facebench.Onnx.Providers;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>Options of <c>infer.onnx</c> (YAML keys are the snake_case property names).</summary>
public sealed class InferOnnxOptions
{
    /// <summary>The model file.</summary>
    [Option("The ONNX model file (.onnx).")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>Execution provider.</summary>
    [Option("Execution provider: cpu; cuda (an error saying why when CUDA cannot load; nodes CUDA lacks run on the CPU); auto (CUDA when it loads, else the CPU with a warning).")]
    public OnnxProvider Provider { get; set; } = OnnxProvider.Cpu;

    /// <summary>CUDA device ordinal.</summary>
    [Option("CUDA device ordinal when the provider is cuda or auto.")]
    public int Device { get; set; }

    /// <summary>Intra-op threads.</summary>
    [Option("Threads one operator may use; 0 lets ONNX Runtime choose (one per core). With several pipeline workers, 1 or 2 per worker avoids oversubscription.")]
    public int Threads { get; set; }

    /// <summary>Inter-op threads.</summary>
    [Option("Threads for independent graph branches (parallel execution); 0 = sequential execution.")]
    public int InterOpThreads { get; set; }

    /// <summary>Graph optimisation level.</summary>
    [Option("Graph rewriting before running: disable_all, enable_basic, enable_extended, enable_all.")]
    public GraphOptimization Optimization { get; set; } = GraphOptimization.EnableAll;
}
