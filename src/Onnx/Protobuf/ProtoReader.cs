using System.Buffers.Binary;

namespace Facebench.Onnx.Protobuf;

/// <summary>
/// A forward-only protobuf reader over a byte span: read a tag, then the value its wire type says, or skip it.
/// Every read is bounds-checked and throws <see cref="ProtoFormatException"/> on malformed input, never reads past the
/// span, and never allocates except where it returns strings or arrays.
/// </summary>
public ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Reads the given message bytes.</summary>
    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Current byte offset.</summary>
    public readonly int Position => _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    /// <exception cref="ProtoFormatException">The tag is malformed (field 0, a group, an unknown wire type).</exception>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (End)
        {
            field = 0;
            wireType = default;
            return false;
        }

        int start = _position;
        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (tag >> 3 is 0 or > 536_870_911)
        {
            throw new ProtoFormatException($"invalid field number {tag >> 3}", start);
        }

        if (wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            throw new ProtoFormatException($"unsupported wire type {(int)wireType} in field {field}", start);
        }

        return true;
    }

    /// <summary>The bytes from <paramref name="start"/> up to the current position, e.g. a whole field just read, to copy it verbatim.</summary>
    public readonly ReadOnlySpan<byte> Since(int start) => _data[start.._position];

    /// <summary>Reads a base-128 varint (at most 10 bytes).</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new ProtoFormatException("truncated varint", _position);
            }

            byte b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new ProtoFormatException("varint longer than 10 bytes", _position);
    }

    /// <summary>Reads an int64 (two's complement varint).</summary>
    public long ReadInt64() => (long)ReadVarint();

    /// <summary>Reads an int32 (sign-extended varint, truncated to 32 bits as protobuf does).</summary>
    public int ReadInt32() => (int)ReadVarint();

    /// <summary>Reads four little-endian bytes.</summary>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads eight little-endian bytes.</summary>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads a float (fixed32).</summary>
    public float ReadFloat() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    /// <summary>Reads a double (fixed64).</summary>
    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads a length-delimited value: a sub-message, bytes, a string or a packed array.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        int start = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new ProtoFormatException($"length {length} runs past the end of the message ({_data.Length - _position} bytes left)", start);
        }

        return Take((int)length);
    }

    /// <summary>Reads a UTF-8 string.</summary>
    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadLengthDelimited());

    /// <summary>Skips a value of the given wire type.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            default:
                throw new ProtoFormatException($"cannot skip wire type {(int)wireType}", _position);
        }
    }

    /// <summary>
    /// Reads a repeated scalar field's value into <paramref name="into"/>: either one element (unpacked encoding) or a
    /// packed run, whichever the wire type says.
    /// </summary>
    /// <param name="wireType">The wire type of the tag just read.</param>
    /// <param name="into">The list to append to.</param>
    /// <param name="element">How one element is encoded.</param>
    public void ReadRepeated(WireType wireType, List<long> into, WireType element)
    {
        if (wireType != WireType.LengthDelimited)
        {
            into.Add(ReadScalar(wireType, element));
            return;
        }

        var packed = new ProtoReader(ReadLengthDelimited());
        while (!packed.End)
        {
            into.Add(packed.ReadScalar(element, element));
        }
    }

    private long ReadScalar(WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new ProtoFormatException($"expected wire type {expected}, found {actual}", _position);
        }

        return expected switch
        {
            WireType.Varint => (long)ReadVarint(),
            WireType.Fixed32 => ReadFixed32(),
            WireType.Fixed64 => (long)ReadFixed64(),
            _ => throw new ProtoFormatException($"wire type {expected} is not a scalar", _position),
        };
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new ProtoFormatException($"{count} bytes needed, {_data.Length - _position} left", _position);
        }

        ReadOnlySpan<byte> slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
