using System.Buffers.Binary;
using System.Text;

namespace Facebench.Onnx.Protobuf;

/// <summary>
/// A protobuf writer into a growable buffer: tags, varints, fixed-width numbers, strings, bytes, packed arrays and
/// nested messages (written by a callback into a scratch writer, then length-prefixed).
/// </summary>
public sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Writes a tag.</summary>
    public ProtoWriter Tag(int field, WireType wireType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        return Varint(((ulong)field << 3) | (uint)wireType);
    }

    /// <summary>Writes a raw varint.</summary>
    public ProtoWriter Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
        return this;
    }

    /// <summary>Writes an int64 / int32 / enum / bool field (two's complement varint).</summary>
    public ProtoWriter Int64(int field, long value) => Tag(field, WireType.Varint).Varint((ulong)value);

    /// <summary>Writes a float field.</summary>
    public ProtoWriter Float(int field, float value)
    {
        Tag(field, WireType.Fixed32);
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
        return this;
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a bytes field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireType.LengthDelimited).Varint((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
        return this;
    }

    /// <summary>Copies bytes verbatim (a whole field read elsewhere).</summary>
    public ProtoWriter Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return this;
    }

    /// <summary>Writes a packed repeated int64 field.</summary>
    public ProtoWriter PackedInt64(int field, ReadOnlySpan<long> values)
    {
        var inner = new ProtoWriter();
        foreach (long v in values)
        {
            inner.Varint((ulong)v);
        }

        return Bytes(field, inner._buffer.AsSpan(0, inner._length));
    }

    /// <summary>Writes a packed repeated float field.</summary>
    public ProtoWriter PackedFloat(int field, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Bytes(field, bytes);
    }

    /// <summary>Writes a nested message field whose body <paramref name="body"/> writes.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var inner = new ProtoWriter();
        body(inner);
        return Bytes(field, inner._buffer.AsSpan(0, inner._length));
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
