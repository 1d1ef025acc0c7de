namespace Facebench.Onnx;

/// <summary>Whether independent graph branches run one after another or in parallel (<c>ExecutionMode</c>).</summary>
public enum ExecutionMode
{
    /// <summary>One node at a time; operators still use the intra-op threads (ORT's default).</summary>
    Sequential = 0,

    /// <summary>Independent branches in parallel on the inter-op threads.</summary>
    Parallel = 1,
}
