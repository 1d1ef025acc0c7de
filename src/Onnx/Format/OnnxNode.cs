namespace Facebench.Onnx.Format;

/// <summary>A node of an ONNX graph (<c>NodeProto</c>): operator, domain, input and output names, attributes.</summary>
public sealed class OnnxNode
{
    /// <summary>Creates a node.</summary>
    public OnnxNode(string name, string opType, string domain, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxNodeAttribute> attributes)
    {
        Name = name;
        OpType = opType;
        Domain = domain;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    /// <summary>The node's name (may be empty in the file).</summary>
    public string Name { get; }

    /// <summary>The operator, e.g. <c>Conv</c>.</summary>
    public string OpType { get; }

    /// <summary>The operator's domain; empty for the default <c>ai.onnx</c> domain.</summary>
    public string Domain { get; }

    /// <summary>Input tensor names; an empty name is a skipped optional input.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Output tensor names.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The attributes.</summary>
    public IReadOnlyList<OnnxNodeAttribute> Attributes { get; }

    /// <summary>The input at <paramref name="index"/>, or empty when the node has fewer inputs.</summary>
    public string Input(int index) => index < Inputs.Count ? Inputs[index] : "";

    /// <summary>The named attribute, or null.</summary>
    public OnnxNodeAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>The named integer attribute, or <paramref name="fallback"/>.</summary>
    public long Int(string name, long fallback) => Attribute(name) is { } a ? a.Int : fallback;

    /// <summary>The named float attribute, or <paramref name="fallback"/>.</summary>
    public float Float(string name, float fallback) => Attribute(name) is { } a ? a.Float : fallback;

    /// <summary>The named string attribute, or <paramref name="fallback"/>.</summary>
    public string String(string name, string fallback) => Attribute(name) is { } a ? a.String : fallback;

    /// <summary>The named integer-list attribute, or null when absent.</summary>
    public long[]? Ints(string name) => Attribute(name)?.Ints.ToArray();

    /// <summary>How messages name the node: its name (or its first output) and operator.</summary>
    public string Describe() => $"{OpType} node '{(Name.Length > 0 ? Name : Outputs.FirstOrDefault() ?? "?")}'";

    /// <inheritdoc />
    public override string ToString() => $"{Describe()} ({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})";
}
