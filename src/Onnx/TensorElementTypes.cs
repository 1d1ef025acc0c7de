using System.Numerics;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx;

/// <summary>
/// Sizes and names of tensor element types (ONNX Runtime's <see cref="TensorElementType"/>, whose numbers are ONNX's
/// <c>TensorProto.DataType</c>), and the element type of each CLR type that can back a tensor: what the ONNX file
/// readers and writers need to lay out raw tensor bytes.
/// </summary>
public static class TensorElementTypes
{
    /// <summary>ONNX's <c>UNDEFINED</c> data type (0), which ONNX Runtime's enumeration does not name.</summary>
    public const TensorElementType Undefined = 0;

    /// <summary>Bytes per element; 0 for types without a fixed size (strings) or unknown ones.</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double or TensorElementType.Complex64 => 8,
        TensorElementType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>The element type a CLR type maps to.</summary>
    /// <exception cref="NotSupportedException">The type cannot back an ONNX tensor.</exception>
    public static TensorElementType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorElementType.Float
        : typeof(T) == typeof(byte) ? TensorElementType.UInt8
        : typeof(T) == typeof(sbyte) ? TensorElementType.Int8
        : typeof(T) == typeof(ushort) ? TensorElementType.UInt16
        : typeof(T) == typeof(short) ? TensorElementType.Int16
        : typeof(T) == typeof(int) ? TensorElementType.Int32
        : typeof(T) == typeof(long) ? TensorElementType.Int64
        : typeof(T) == typeof(bool) ? TensorElementType.Bool
        : typeof(T) == typeof(Half) ? TensorElementType.Float16
        : typeof(T) == typeof(double) ? TensorElementType.Double
        : typeof(T) == typeof(uint) ? TensorElementType.UInt32
        : typeof(T) == typeof(ulong) ? TensorElementType.UInt64
        : typeof(T) == typeof(Complex) ? TensorElementType.Complex128
        : throw new NotSupportedException($"{typeof(T).Name} cannot back an ONNX tensor.");

    /// <summary>Lower-case ONNX name of the type, as error messages show it (<c>float</c>, <c>int64</c>).</summary>
    public static string Name(TensorElementType type) => type == Undefined ? "undefined" : type.ToString().ToLowerInvariant();
}
