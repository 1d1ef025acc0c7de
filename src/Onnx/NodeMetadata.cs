namespace Facebench.Onnx;

/// <summary>What a model says about one of its inputs or outputs: kind, element type and shape.</summary>
public sealed class NodeMetadata
{
    internal NodeMetadata(string name, OnnxValueType valueType, TensorElementType elementType, int[] dimensions, string[] symbolicDimensions)
    {
        Name = name;
        OnnxValueType = valueType;
        ElementDataType = elementType;
        Dimensions = dimensions;
        SymbolicDimensions = symbolicDimensions;
    }

    /// <summary>The input's or output's name in the graph.</summary>
    public string Name { get; }

    /// <summary>Tensor, sequence, map, ...</summary>
    public OnnxValueType OnnxValueType { get; }

    /// <summary>True for dense tensors, the only kind Facebench feeds and reads.</summary>
    public bool IsTensor => OnnxValueType == OnnxValueType.Tensor;

    /// <summary>The element type of a tensor.</summary>
    public TensorElementType ElementDataType { get; }

    /// <summary>The tensor's shape; -1 marks a dimension that is symbolic (e.g. the batch) or unknown.</summary>
    public int[] Dimensions { get; }

    /// <summary>The name of each symbolic dimension (e.g. <c>N</c>), empty for fixed ones.</summary>
    public string[] SymbolicDimensions { get; }

    /// <summary>The shape as text, e.g. <c>[N,3,112,112]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicDimensions[i] is { Length: > 0 } s ? s : "?")) + "]";

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {(IsTensor ? TensorElementTypes.Name(ElementDataType) + ShapeText : OnnxValueType.ToString())}";
}
