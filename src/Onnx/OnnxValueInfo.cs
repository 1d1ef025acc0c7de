using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx;

/// <summary>
/// One input or output of a loaded model (ONNX's <c>ValueInfoProto</c>): its name with ONNX Runtime's
/// <see cref="NodeMetadata"/>, and the text form messages show, e.g. <c>image: float[N,3,112,112]</c>.
/// </summary>
/// <param name="Name">The name in the graph.</param>
/// <param name="Metadata">Kind, element type and shape as ONNX Runtime reports them.</param>
public sealed record OnnxValueInfo(string Name, NodeMetadata Metadata)
{
    /// <summary>True for a dense tensor, the only kind Facebench feeds and reads.</summary>
    public bool IsTensor => Metadata.IsTensor;

    /// <summary>The element type of a tensor.</summary>
    public TensorElementType ElementType => Metadata.ElementDataType;

    /// <summary>The tensor's shape; -1 marks a symbolic or unknown dimension (e.g. the batch).</summary>
    public int[] Dimensions => Metadata.Dimensions;

    /// <summary>The shape as text with symbolic dimensions by name, e.g. <c>[N,3,112,112]</c>.</summary>
    public string ShapeText
    {
        get
        {
            string[] symbols = Metadata.SymbolicDimensions;
            return "[" + string.Join(",", Dimensions.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : i < symbols.Length && symbols[i] is { Length: > 0 } s ? s : "?")) + "]";
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {(IsTensor ? TensorElementTypes.Name(ElementType) + ShapeText : Metadata.OnnxValueType.ToString())}";
}
