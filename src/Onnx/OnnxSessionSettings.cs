using Facebench.Onnx.Providers;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx;

/// <summary>
/// What Facebench chooses about an ONNX Runtime session: threads, graph optimisation, execution provider and logging.
/// <see cref="OnnxSessionFactory"/> turns them into ONNX Runtime's <see cref="SessionOptions"/>.
/// </summary>
public sealed record OnnxSessionSettings
{
    /// <summary>Threads one operator may use; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads for independent graph branches; 0 runs the graph sequentially.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>How much the graph is rewritten before running.</summary>
    public GraphOptimization Optimization { get; init; } = GraphOptimization.EnableAll;

    /// <summary>The execution provider.</summary>
    public OnnxProvider Provider { get; init; } = OnnxProvider.Cpu;

    /// <summary>The CUDA device ordinal when the provider is CUDA (or auto).</summary>
    public int Device { get; init; }

    /// <summary>The least severe message the session logs to the standard error stream.</summary>
    public OrtLoggingLevel LogSeverity { get; init; } = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;
}
