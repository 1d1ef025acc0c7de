using Facebench.Onnx.Protobuf;

namespace Facebench.Onnx.Format;

/// <summary>
/// ONNX's <c>OperatorSetIdProto</c> (onnx.proto: field 1 <c>domain</c>, field 2 <c>version</c>): one entry of a model's
/// <c>opset_import</c>, read by both the model inspector and the graph reader.
/// </summary>
internal static class OperatorSetIdProto
{
    /// <summary>Reads one entry; an absent domain is the default domain "" (ai.onnx).</summary>
    public static (string Domain, long Version) Read(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        string domain = "";
        long version = 0;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                domain = reader.ReadString();
            }
            else if (field == 2 && wire == WireType.Varint)
            {
                version = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (domain, version);
    }
}
