using Facebench.Onnx.Protobuf;

namespace Facebench.Onnx.Format;

/// <summary>
/// The header of an ONNX model read without ONNX Runtime: IR version, producer, operator sets, and the graph's input
/// and output names. Reading it first lets Facebench say "this file is not an ONNX model" in plain words before ORT
/// sees the bytes; it checks the protobuf framing of the model and its graph, not the graph's meaning.
/// </summary>
public sealed class OnnxModelInfo
{
    private OnnxModelInfo(long irVersion, string producer, IReadOnlyDictionary<string, long> opsets, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<string> initializers)
    {
        IrVersion = irVersion;
        Producer = producer;
        Opsets = opsets;
        Inputs = inputs;
        Outputs = outputs;
        Initializers = initializers;
    }

    /// <summary>The ONNX IR version.</summary>
    public long IrVersion { get; }

    /// <summary>The producing tool, e.g. <c>pytorch 2.1</c>.</summary>
    public string Producer { get; }

    /// <summary>Operator set versions by domain (<c>""</c> is the default domain).</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    /// <summary>Graph input names, initialisers included as older models list them.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Graph output names.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Names of the graph's initialisers (weights).</summary>
    public IReadOnlyList<string> Initializers { get; }

    /// <summary>Reads a model's header.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model; the message says why.</exception>
    public static OnnxModelInfo Read(ReadOnlySpan<byte> model)
    {
        try
        {
            return ReadCore(model);
        }
        catch (ProtoFormatException e)
        {
            throw new InvalidDataException($"not an ONNX model: the protobuf framing is broken ({e.Message}).", e);
        }
    }

    private static OnnxModelInfo ReadCore(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw new InvalidDataException("not an ONNX model: the file is empty.");
        }

        var reader = new ProtoReader(model);
        long ir = 0;
        string producer = "";
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        bool hasGraph = false;
        List<string> inputs = [], outputs = [], initializers = [];
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field, wire)
            {
                case (1, WireType.Varint):
                    ir = reader.ReadInt64();
                    break;
                case (2, WireType.LengthDelimited):
                    producer = reader.ReadString() + producer;
                    break;
                case (3, WireType.LengthDelimited):
                    producer += " " + reader.ReadString();
                    break;
                case (7, WireType.LengthDelimited):
                    hasGraph = true;
                    ReadGraph(reader.ReadLengthDelimited(), inputs, outputs, initializers);
                    break;
                case (8, WireType.LengthDelimited):
                    (string domain, long version) = OperatorSetIdProto.Read(reader.ReadLengthDelimited());
                    opsets[domain] = version;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!hasGraph || ir <= 0)
        {
            throw new InvalidDataException($"not an ONNX model: {(hasGraph ? "no IR version" : "no graph")} in the file.");
        }

        return new OnnxModelInfo(ir, producer.Trim(), opsets, inputs, outputs, initializers);
    }

    private static void ReadGraph(ReadOnlySpan<byte> graph, List<string> inputs, List<string> outputs, List<string> initializers)
    {
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire == WireType.LengthDelimited && field is 5 or 11 or 12)
            {
                // ValueInfoProto carries its name in field 1, TensorProto (an initialiser) in field 8.
                string name = ReadName(reader.ReadLengthDelimited(), field == 5 ? 8 : 1);
                (field == 5 ? initializers : field == 11 ? inputs : outputs).Add(name);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static string ReadName(ReadOnlySpan<byte> message, int nameField)
    {
        var reader = new ProtoReader(message);
        string name = "";
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == nameField && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return name;
    }
}
