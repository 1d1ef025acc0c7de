using System.Buffers.Binary;
using Facebench.Onnx.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Format;

/// <summary>
/// Reads a serialised <c>TensorProto</c> (the <c>input_*.pb</c> / <c>output_*.pb</c> files of ONNX's test data, or an
/// initialiser) into an <see cref="OnnxTensor"/>. Elements may come as <c>raw_data</c> or in the typed repeated fields
/// (<c>float_data</c>, <c>int32_data</c>, ...), packed or not, as onnx.proto allows.
/// </summary>
public static class TensorProtoReader
{
    /// <summary>Reads a <c>.pb</c> file.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable tensor; the message names it.</exception>
    public static OnnxTensor ReadFile(string path)
    {
        try
        {
            return Read(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is ProtoFormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{path}: not a readable ONNX TensorProto: {e.Message}", e);
        }
    }

    /// <summary>Reads a serialised tensor.</summary>
    /// <exception cref="ProtoFormatException">The bytes are not well-formed protobuf.</exception>
    /// <exception cref="NotSupportedException">String tensors, or data stored outside the file.</exception>
    /// <exception cref="OverflowException">The dimensions multiply past 64 bits.</exception>
    public static OnnxTensor Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var dims = new List<long>();
        var floats = new List<long>();
        var int32s = new List<long>();
        var int64s = new List<long>();
        var doubles = new List<long>();
        var uint64s = new List<long>();
        byte[]? raw = null;
        string name = "";
        var type = TensorElementTypes.Undefined;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            switch (field)
            {
                case TensorProtoFields.Dims: reader.ReadRepeated(wire, dims, WireType.Varint); break;
                case TensorProtoFields.DataType when wire == WireType.Varint: type = (TensorElementType)reader.ReadInt32(); break;
                case TensorProtoFields.FloatData: reader.ReadRepeated(wire, floats, WireType.Fixed32); break;
                case TensorProtoFields.Int32Data: reader.ReadRepeated(wire, int32s, WireType.Varint); break;
                case TensorProtoFields.Int64Data: reader.ReadRepeated(wire, int64s, WireType.Varint); break;
                case TensorProtoFields.DoubleData: reader.ReadRepeated(wire, doubles, WireType.Fixed64); break;
                case TensorProtoFields.Uint64Data: reader.ReadRepeated(wire, uint64s, WireType.Varint); break;
                case TensorProtoFields.Name when wire == WireType.LengthDelimited: name = reader.ReadString(); break;
                case TensorProtoFields.RawData when wire == WireType.LengthDelimited: raw = reader.ReadLengthDelimited().ToArray(); break;
                case TensorProtoFields.StringData: throw new NotSupportedException($"tensor '{name}' holds strings, which Facebench does not feed to models.");
                case TensorProtoFields.DataLocation when wire == WireType.Varint:
                    if (reader.ReadInt32() != 0)
                    {
                        throw new NotSupportedException($"tensor '{name}' keeps its data in an external file.");
                    }

                    break;
                default: reader.Skip(wire); break;
            }
        }

        int size = TensorElementTypes.SizeOf(type);
        if (size == 0)
        {
            throw new NotSupportedException($"tensor '{name}' has element type {(int)type} ({type}), which has no fixed size.");
        }

        long count = 1;
        foreach (long d in dims)
        {
            count = d < 0 ? throw new ProtoFormatException($"tensor '{name}' has a negative dimension {d}", 0) : checked(count * d);
        }

        byte[] data = raw ?? Typed(type, size, count, floats, int32s, int64s, doubles, uint64s, name);
        return new OnnxTensor(name, type, [.. dims], data);
    }

    /// <summary>Lays the typed repeated fields out as the little-endian bytes ORT expects.</summary>
    private static byte[] Typed(TensorElementType type, int size, long count, List<long> floats, List<long> int32s, List<long> int64s, List<long> doubles, List<long> uint64s, string name)
    {
        // onnx.proto: float and complex64 in float_data; 8/16/32-bit integers, bool, float16 and bfloat16 (as bit
        // patterns) in int32_data; int64 in int64_data; double and complex128 in double_data; uint32/uint64 in uint64_data.
        (List<long> source, int width) = type switch
        {
            TensorElementType.Float or TensorElementType.Complex64 => (floats, 4),
            TensorElementType.Int64 => (int64s, 8),
            TensorElementType.Double or TensorElementType.Complex128 => (doubles, 8),
            TensorElementType.UInt32 or TensorElementType.UInt64 => (uint64s, size),
            _ => (int32s, size),
        };

        long expected = count * size / width;
        if (source.Count != expected)
        {
            throw new ProtoFormatException($"tensor '{name}' has {source.Count} stored values, its shape needs {expected}", 0);
        }

        var data = new byte[count * size];
        for (int i = 0; i < source.Count; i++)
        {
            Span<byte> slot = data.AsSpan(i * width, width);
            switch (width)
            {
                case 1: slot[0] = (byte)source[i]; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)source[i]); break;
                case 4: BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)source[i]); break;
                default: BinaryPrimitives.WriteUInt64LittleEndian(slot, (ulong)source[i]); break;
            }
        }

        return data;
    }
}
