using Facebench.Onnx.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Format;

/// <summary>
/// The graph of an ONNX model read in full without ONNX Runtime: nodes in file (topological) order, initialisers,
/// declared inputs and outputs with their element types and shapes, and the operator sets. Graph rewriters (the
/// reverse-mode differentiation of <c>Facebench.Onnx.Gradients</c>) read a model with it and write a new one with
/// <see cref="OnnxModelBuilder"/>.
/// </summary>
public sealed class OnnxGraph
{
    // ModelProto, GraphProto, NodeProto, ValueInfoProto, TypeProto, TensorShapeProto field numbers (onnx.proto).
    private const int ModelGraph = 7, ModelOpset = 8;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;

    private OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, OnnxTensor> initializers, IReadOnlyList<OnnxGraphValue> inputs, IReadOnlyList<OnnxGraphValue> outputs, IReadOnlyDictionary<string, long> opsets)
    {
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        Opsets = opsets;
    }

    /// <summary>The nodes, in the file's order (ONNX requires it to be topological).</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>The initialisers (weights) by name.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    /// <summary>The graph inputs that are not initialisers (older models list initialisers as inputs too).</summary>
    public IReadOnlyList<OnnxGraphValue> Inputs { get; }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OnnxGraphValue> Outputs { get; }

    /// <summary>Operator set versions by domain (<c>""</c> is the default domain).</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    /// <summary>The default-domain operator set version.</summary>
    public long DefaultOpset => Opsets.TryGetValue("", out long v) ? v : Opsets.GetValueOrDefault("ai.onnx");

    /// <summary>Reads a model file's graph, upgrading pre-opset-7 models first as <see cref="OnnxModel"/> does.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model; the message names it.</exception>
    public static OnnxGraph ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such ONNX model file.", path);
        }

        try
        {
            return Read(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a model's graph.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    public static OnnxGraph Read(ReadOnlySpan<byte> model)
    {
        OnnxModelInfo.Read(model);
        byte[]? upgraded = LegacyOpsetUpgrade.IsLegacy(model) ? LegacyOpsetUpgrade.Upgrade(model) : null;
        try
        {
            return ReadModel(upgraded ?? model);
        }
        catch (ProtoFormatException e)
        {
            throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
        }
    }

    /// <summary>The producer of a tensor: the node that outputs it, or null for inputs and initialisers.</summary>
    public Dictionary<string, OnnxNode> Producers()
    {
        var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (OnnxNode node in Nodes)
        {
            foreach (string output in node.Outputs)
            {
                producers[output] = node;
            }
        }

        return producers;
    }

    private static OnnxGraph ReadModel(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new List<OnnxGraphValue>();
        var outputs = new List<OnnxGraphValue>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == ModelGraph && wire == WireType.LengthDelimited)
            {
                ReadGraph(reader.ReadLengthDelimited(), nodes, initializers, inputs, outputs);
            }
            else if (field == ModelOpset && wire == WireType.LengthDelimited)
            {
                (string domain, long version) = OperatorSetIdProto.Read(reader.ReadLengthDelimited());
                opsets[domain] = version;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        inputs.RemoveAll(i => initializers.ContainsKey(i.Name));
        return new OnnxGraph(nodes, initializers, inputs, outputs, opsets);
    }

    private static void ReadGraph(ReadOnlySpan<byte> graph, List<OnnxNode> nodes, Dictionary<string, OnnxTensor> initializers, List<OnnxGraphValue> inputs, List<OnnxGraphValue> outputs)
    {
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            switch (field)
            {
                case GraphNode: nodes.Add(ReadNode(reader.ReadLengthDelimited())); break;
                case GraphInitializer:
                    OnnxTensor tensor = TensorProtoReader.Read(reader.ReadLengthDelimited());
                    initializers[tensor.Name] = tensor;
                    break;
                case GraphInput: inputs.Add(OnnxGraphValue.Read(reader.ReadLengthDelimited())); break;
                case GraphOutput: outputs.Add(OnnxGraphValue.Read(reader.ReadLengthDelimited())); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> node)
    {
        var reader = new ProtoReader(node);
        string name = "", op = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxNodeAttribute>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case NodeInput when wire == WireType.LengthDelimited: inputs.Add(reader.ReadString()); break;
                case NodeOutput when wire == WireType.LengthDelimited: outputs.Add(reader.ReadString()); break;
                case NodeName when wire == WireType.LengthDelimited: name = reader.ReadString(); break;
                case NodeOpType when wire == WireType.LengthDelimited: op = reader.ReadString(); break;
                case NodeAttribute when wire == WireType.LengthDelimited: attributes.Add(OnnxNodeAttribute.Read(reader.ReadLengthDelimited())); break;
                case NodeDomain when wire == WireType.LengthDelimited: domain = reader.ReadString(); break;
                default: reader.Skip(wire); break;
            }
        }

        return new OnnxNode(name, op, domain, inputs, outputs, attributes);
    }
}

/// <summary>A declared graph input or output (<c>ValueInfoProto</c>): name, element type, dimensions (-1 symbolic).</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="ElementType">The element type; <see cref="TensorElementTypes.Undefined"/> when not a tensor.</param>
/// <param name="Dims">The dimensions, -1 for a symbolic or unknown one; null when the shape is not declared.</param>
public sealed record OnnxGraphValue(string Name, TensorElementType ElementType, long[]? Dims)
{
    internal static OnnxGraphValue Read(ReadOnlySpan<byte> valueInfo)
    {
        var reader = new ProtoReader(valueInfo);
        string name = "";
        var type = TensorElementTypes.Undefined;
        long[]? dims = null;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                // TypeProto.tensor_type (1) -> elem_type (1), shape (2) -> dim (1) -> dim_value (1) | dim_param (2).
                var typeProto = new ProtoReader(reader.ReadLengthDelimited());
                while (typeProto.TryReadTag(out int tf, out WireType tw))
                {
                    if (tf != 1 || tw != WireType.LengthDelimited)
                    {
                        typeProto.Skip(tw);
                        continue;
                    }

                    var tensor = new ProtoReader(typeProto.ReadLengthDelimited());
                    while (tensor.TryReadTag(out int f, out WireType w))
                    {
                        if (f == 1 && w == WireType.Varint)
                        {
                            type = (TensorElementType)tensor.ReadInt32();
                        }
                        else if (f == 2 && w == WireType.LengthDelimited)
                        {
                            dims = ReadShape(tensor.ReadLengthDelimited());
                        }
                        else
                        {
                            tensor.Skip(w);
                        }
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new OnnxGraphValue(name, type, dims);
    }

    private static long[] ReadShape(ReadOnlySpan<byte> shape)
    {
        var dims = new List<long>();
        var reader = new ProtoReader(shape);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field != 1 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            long value = -1;
            var dim = new ProtoReader(reader.ReadLengthDelimited());
            while (dim.TryReadTag(out int f, out WireType w))
            {
                if (f == 1 && w == WireType.Varint)
                {
                    value = dim.ReadInt64();
                }
                else
                {
                    dim.Skip(w);
                }
            }

            dims.Add(value);
        }

        return [.. dims];
    }
}
