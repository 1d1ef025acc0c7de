using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Format;

/// <summary>
/// A dense tensor as ONNX files store it (<c>TensorProto</c>): a name, an element type, dimensions and the elements as
/// little-endian bytes, the layout ORT reads directly.
/// </summary>
public sealed class OnnxTensor
{
    /// <summary>Creates a tensor.</summary>
    /// <exception cref="ArgumentException">The byte count does not match the dimensions and element type.</exception>
    public OnnxTensor(string name, TensorElementType elementType, long[] dims, byte[] data)
    {
        int size = TensorElementTypes.SizeOf(elementType);
        long count = dims.Aggregate(1L, (a, d) => d < 0 ? throw new ArgumentException($"tensor '{name}' has a negative dimension.") : checked(a * d));
        if (size == 0 || count * size != data.LongLength)
        {
            throw new ArgumentException($"tensor '{name}' of type {TensorElementTypes.Name(elementType)} and shape {TensorShapes.Format(dims)} needs {count * size} bytes, not {data.LongLength}.");
        }

        Name = name;
        ElementType = elementType;
        Dims = dims;
        Data = data;
    }

    /// <summary>The tensor's name (an initialiser's or a test value's).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions.</summary>
    public long[] Dims { get; }

    /// <summary>The elements, little-endian, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements.</summary>
    public long ElementCount => Data.LongLength / TensorElementTypes.SizeOf(ElementType);

    /// <summary>A float tensor.</summary>
    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        new(name, TensorElementType.Float, dims, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>A tensor of any unmanaged element type.</summary>
    public static OnnxTensor From<T>(string name, ReadOnlySpan<T> values, params long[] dims) where T : unmanaged =>
        new(name, TensorElementTypes.Of<T>(), dims, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>The elements as <typeparamref name="T"/> (which must match <see cref="ElementType"/> in size).</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(Data);

    /// <summary>
    /// A copy of the tensor as an ONNX Runtime value in memory ORT allocates, so that the value does not depend on
    /// <see cref="Data"/> staying pinned; the caller disposes it.
    /// </summary>
    public OrtValue ToOrtValue()
    {
        OrtValue value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType, Dims);
        Data.CopyTo(value.GetTensorMutableRawData());
        return value;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {TensorElementTypes.Name(ElementType)}{TensorShapes.Format(Dims)}";
}
