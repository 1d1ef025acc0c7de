namespace Facebench.Onnx.Protobuf;

/// <summary>Bytes that are not well-formed protobuf: a truncated field, an overlong varint, an unknown wire type.</summary>
public sealed class ProtoFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Byte offset of the problem within the message being read.</param>
    public ProtoFormatException(string message, int offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset of the problem within the message being read.</summary>
    public int Offset { get; }
}
