namespace Facebench.Onnx;

/// <summary>How much ONNX Runtime rewrites the graph before running it (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No rewriting: run the graph as written.</summary>
    DisableAll = 0,

    /// <summary>Semantics-preserving rewrites that need no provider knowledge (constant folding, redundant nodes).</summary>
    EnableBasic = 1,

    /// <summary>Basic plus node fusions.</summary>
    EnableExtended = 2,

    /// <summary>Everything, including layout changes (ORT's default).</summary>
    EnableAll = 99,
}
