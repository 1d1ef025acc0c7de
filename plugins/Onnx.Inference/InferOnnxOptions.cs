using Facebench.Contracts;
using Facebench.Onnx;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>Options of <c>infer.onnx</c> (YAML keys are the snake_case property names).</summary>
public sealed class InferOnnxOptions
{
    /// <summary>The model file.</summary>
    [Option("The ONNX model file (.onnx).")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>Execution providers in preference order.</summary>
    [Option("Execution providers in preference order: cpu, cuda. Nodes a provider cannot run fall back to the CPU. cuda needs a GPU build of ONNX Runtime (see library).")]
    public List<OnnxProvider> Providers { get; set; } = [OnnxProvider.Cpu];

    /// <summary>CUDA device ordinal.</summary>
    [Option("CUDA device ordinal when providers include cuda.")]
    public int Device { get; set; }

    /// <summary>Intra-op threads.</summary>
    [Option("Threads one operator may use; 0 lets ONNX Runtime choose (one per core). With several pipeline workers, 1 or 2 per worker avoids oversubscription.")]
    public int Threads { get; set; }

    /// <summary>Inter-op threads.</summary>
    [Option("Threads for independent graph branches (parallel execution); 0 = sequential execution.")]
    public int InterOpThreads { get; set; }

    /// <summary>Graph optimisation level.</summary>
    [Option("Graph rewriting before running: disable_all, enable_basic, enable_extended, enable_all.")]
    public GraphOptimizationLevel Optimization { get; set; } = GraphOptimizationLevel.EnableAll;

    /// <summary>Explicit ONNX Runtime library.</summary>
    [Option("ONNX Runtime's native library (file or folder); empty = FACEBENCH_ONNXRUNTIME, then tools/onnxruntime/ (./build.sh --target=assets), then the system's library path.")]
    [ResolvePath]
    public string Library { get; set; } = "";
}
