namespace Facebench.Onnx.Protobuf;

/// <summary>Protobuf wire types: how a field's value is encoded after its tag.</summary>
public enum WireType
{
    /// <summary>Base-128 varint (int32, int64, uint64, bool, enum).</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes (fixed64, double).</summary>
    Fixed64 = 1,

    /// <summary>A varint length then that many bytes (string, bytes, messages, packed repeated fields).</summary>
    LengthDelimited = 2,

    /// <summary>Deprecated group start; rejected.</summary>
    StartGroup = 3,

    /// <summary>Deprecated group end; rejected.</summary>
    EndGroup = 4,

    /// <summary>Four little-endian bytes (fixed32, float).</summary>
    Fixed32 = 5,
}
