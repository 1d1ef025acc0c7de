namespace Facebench.Onnx;

/// <summary>The kind of an ONNX value (<c>ONNXType</c>): tensors are what Facebench runs on.</summary>
public enum OnnxValueType
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>A dense tensor.</summary>
    Tensor = 1,

    /// <summary>A sequence of values.</summary>
    Sequence = 2,

    /// <summary>A map.</summary>
    Map = 3,

    /// <summary>An opaque value.</summary>
    Opaque = 4,

    /// <summary>A sparse tensor.</summary>
    SparseTensor = 5,

    /// <summary>An optional value.</summary>
    Optional = 6,
}
