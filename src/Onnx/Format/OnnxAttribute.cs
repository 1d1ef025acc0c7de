using Facebench.Onnx.Protobuf;

namespace Facebench.Onnx.Format;

/// <summary>A node attribute (<c>AttributeProto</c>) for <see cref="OnnxModelBuilder"/>: a name and one typed value.</summary>
public sealed class OnnxAttribute
{
    // AttributeProto field numbers and AttributeType values (onnx.proto).
    private const int NameField = 1, FloatField = 2, IntField = 3, StringField = 4, TensorField = 5, FloatsField = 7, IntsField = 8, TypeField = 20;
    private const int FloatType = 1, IntType = 2, StringType = 3, TensorType = 4, FloatsType = 6, IntsType = 7;

    private readonly Action<ProtoWriter> _value;
    private readonly int _type;
    private readonly byte[]? _proto;

    private OnnxAttribute(string name, int type, Action<ProtoWriter> value)
    {
        Name = name;
        _type = type;
        _value = value;
    }

    /// <summary>The attribute's name.</summary>
    public string Name { get; }

    private OnnxAttribute(string name, byte[] proto)
        : this(name, 0, _ => { })
    {
        _proto = proto;
    }

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, FloatType, w => w.Float(FloatField, value));

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, IntType, w => w.Int64(IntField, value));

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, StringType, w => w.String(StringField, value));

    /// <summary>A float-list attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, FloatsType, w => w.PackedFloat(FloatsField, values));

    /// <summary>An integer-list attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, IntsType, w => w.PackedInt64(IntsField, values));

    /// <summary>A tensor attribute (e.g. <c>Constant</c>'s <c>value</c>).</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, TensorType, w => w.Message(TensorField, t => TensorProtoWriter.Write(t, value)));

    /// <summary>An attribute copied byte for byte from a model (its serialised <c>AttributeProto</c>).</summary>
    public static OnnxAttribute Copy(string name, byte[] proto) => new(name, proto);

    /// <summary>Writes the attribute's fields.</summary>
    internal void Write(ProtoWriter writer)
    {
        if (_proto is not null)
        {
            writer.Raw(_proto);
            return;
        }

        writer.String(NameField, Name);
        _value(writer);
        writer.Int64(TypeField, _type);
    }
}
