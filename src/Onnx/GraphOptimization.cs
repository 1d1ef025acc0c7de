using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx;

/// <summary>
/// How much ONNX Runtime rewrites the graph before running it: <see cref="GraphOptimizationLevel"/> under names that
/// read well as pipeline options (<c>disable_all</c> ... <c>enable_all</c>).
/// </summary>
public enum GraphOptimization
{
    /// <summary>No rewriting: run the graph as written.</summary>
    DisableAll,

    /// <summary>Semantics-preserving rewrites that need no provider knowledge (constant folding, redundant nodes).</summary>
    EnableBasic,

    /// <summary>Basic plus node fusions.</summary>
    EnableExtended,

    /// <summary>Everything, including layout changes (ONNX Runtime's default).</summary>
    EnableAll,
}
