using Facebench.Onnx.Protobuf;

namespace Facebench.Onnx.Format;

/// <summary>
/// A node attribute read from a model (<c>AttributeProto</c>): its name, the scalar and list values a graph rewriter
/// needs (ints, floats, string, tensor), and the original bytes, so that a node can be copied into a new model unchanged.
/// </summary>
public sealed class OnnxNodeAttribute
{
    // AttributeProto field numbers (onnx.proto).
    private const int NameField = 1, FloatField = 2, IntField = 3, StringField = 4, TensorField = 5, FloatsField = 7, IntsField = 8;

    private OnnxNodeAttribute(string name, byte[] proto)
    {
        Name = name;
        Proto = proto;
    }

    /// <summary>The attribute's name.</summary>
    public string Name { get; }

    /// <summary>The attribute's serialised <c>AttributeProto</c>.</summary>
    public byte[] Proto { get; }

    /// <summary>The integer value (<c>i</c>).</summary>
    public long Int { get; private set; }

    /// <summary>The float value (<c>f</c>).</summary>
    public float Float { get; private set; }

    /// <summary>The string value (<c>s</c>).</summary>
    public string String { get; private set; } = "";

    /// <summary>The tensor value (<c>t</c>), or null.</summary>
    public OnnxTensor? Tensor { get; private set; }

    /// <summary>The integer list (<c>ints</c>).</summary>
    public IReadOnlyList<long> Ints { get; private set; } = [];

    /// <summary>The float list (<c>floats</c>).</summary>
    public IReadOnlyList<float> Floats { get; private set; } = [];

    /// <summary>Reads an <c>AttributeProto</c>.</summary>
    internal static OnnxNodeAttribute Read(ReadOnlySpan<byte> proto)
    {
        var reader = new ProtoReader(proto);
        string name = "";
        long i = 0;
        float f = 0;
        string s = "";
        OnnxTensor? t = null;
        var ints = new List<long>();
        var floatBits = new List<long>();
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case NameField when wire == WireType.LengthDelimited: name = reader.ReadString(); break;
                case FloatField when wire == WireType.Fixed32: f = reader.ReadFloat(); break;
                case IntField when wire == WireType.Varint: i = reader.ReadInt64(); break;
                case StringField when wire == WireType.LengthDelimited: s = reader.ReadString(); break;
                case TensorField when wire == WireType.LengthDelimited: t = TensorProtoReader.Read(reader.ReadLengthDelimited()); break;
                case FloatsField: reader.ReadRepeated(wire, floatBits, WireType.Fixed32); break;
                case IntsField: reader.ReadRepeated(wire, ints, WireType.Varint); break;
                default: reader.Skip(wire); break;
            }
        }

        return new OnnxNodeAttribute(name, proto.ToArray())
        {
            Int = i,
            Float = f,
            String = s,
            Tensor = t,
            Ints = ints,
            Floats = floatBits.Select(b => BitConverter.UInt32BitsToSingle((uint)b)).ToArray(),
        };
    }

    /// <summary>The attribute as a builder attribute that writes the original bytes.</summary>
    public OnnxAttribute ToAttribute() => OnnxAttribute.Copy(Name, Proto);
}
