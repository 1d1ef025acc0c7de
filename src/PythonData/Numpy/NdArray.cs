using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Facebench.PythonData.Numpy;

/// <summary>
/// An n-dimensional NumPy array as read from a file: its shape, dtype, memory order and raw element bytes (or, for
/// the object dtype, the Python objects). Conversions return new C-order (row-major) .NET arrays whatever the
/// stored byte order and memory order, so callers never see Fortran layout or big-endian data.
/// <para>
/// The byte payload may be a slice of the file's buffer (no copy on read): it stays valid for the array's lifetime.
/// Instances built by the pickle reader start empty and receive their state in <c>__setstate__</c> order
/// (NumPy's <c>ndarray.__reduce__</c>: <c>_reconstruct(ndarray, (0,), b'b')</c>, then <c>BUILD</c> with
/// <c>(version, shape, dtype, is_fortran, rawdata)</c>).
/// </para>
/// </summary>
public sealed class NdArray
{
    private static readonly int[] EmptyShape = [];

    /// <summary>Creates an array of a numeric (or other byte-backed) dtype.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="fortranOrder">True when the data are column-major.</param>
    /// <param name="data">Exactly product(shape) × item size bytes.</param>
    /// <exception cref="ArgumentException">The byte count does not match the shape.</exception>
    public NdArray(IReadOnlyList<int> shape, NpyDType dtype, bool fortranOrder, ReadOnlyMemory<byte> data)
    {
        Set(shape, dtype, fortranOrder, data, null);
    }

    /// <summary>Creates an object array (dtype <c>|O</c>) from its elements in memory order.</summary>
    public NdArray(IReadOnlyList<int> shape, bool fortranOrder, IReadOnlyList<object?> objects)
    {
        Set(shape, new NpyDType('O', 8, false), fortranOrder, default, objects);
    }

    /// <summary>An empty placeholder, filled by <see cref="SetState"/> (pickle protocol).</summary>
    internal NdArray()
    {
    }

    /// <summary>The dimensions (empty for a 0-d array).</summary>
    public IReadOnlyList<int> Shape { get; private set; } = EmptyShape;

    /// <summary>The element type.</summary>
    public NpyDType DType { get; private set; } = new('f', 8, false);

    /// <summary>True when the stored data are column-major (Fortran order).</summary>
    public bool FortranOrder { get; private set; }

    /// <summary>The raw element bytes in memory order (empty for object arrays).</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>The elements of an object array in memory order; null for byte-backed arrays.</summary>
    public IReadOnlyList<object?>? Objects { get; private set; }

    /// <summary>Number of elements, the product of <see cref="Shape"/> (1 for a 0-d array).</summary>
    public int Count { get; private set; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Count;

    /// <summary>Shape as text, e.g. <c>(5023, 3, 400)</c>.</summary>
    public string ShapeText => Shape.Count == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>Sets the state as NumPy's <c>ndarray.__setstate__</c> does (pickle BUILD).</summary>
    internal void SetState(IReadOnlyList<int> shape, NpyDType dtype, bool fortranOrder, ReadOnlyMemory<byte> data, IReadOnlyList<object?>? objects) =>
        Set(shape, dtype, fortranOrder, data, objects);

    /// <summary>The number of elements of a shape, or −1 when it exceeds what a .NET array can hold.</summary>
    public static long ElementCount(IReadOnlyList<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                return -1;
            }

            count *= d;
            if (count > Array.MaxLength)
            {
                return -1;
            }
        }

        return count;
    }

    /// <summary>The single element of a 0-d (or one-element) object array, e.g. the dict that <c>np.save</c> wrapped.</summary>
    /// <exception cref="PythonDataException">Not an object array with exactly one element.</exception>
    public object? Item()
    {
        if (Objects is null || Count != 1)
        {
            throw new PythonDataException($"expected a 0-d object array holding one Python object; found dtype {DType} with shape {ShapeText}");
        }

        return Objects[0];
    }

    /// <summary>The elements as doubles, C order.</summary>
    /// <exception cref="PythonDataException">The dtype is not bool, integer or float.</exception>
    public double[] ToDoubleArray()
    {
        var result = new double[Count];
        Decode(result, static (ReadOnlySpan<byte> b, NpyDType t) => ReadDouble(b, t));
        return result;
    }

    /// <summary>The elements as single-precision floats, C order (doubles are rounded to nearest).</summary>
    public float[] ToSingleArray()
    {
        var result = new float[Count];
        if (DType is { Kind: 'f', ItemSize: 8, BigEndian: false } && !FortranOrder && BitConverter.IsLittleEndian)
        {
            // The common case (float64 little-endian, C order): one pass, no per-element dispatch.
            ReadOnlySpan<double> source = MemoryMarshal.Cast<byte, double>(Data.Span);
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (float)source[i];
            }

            return result;
        }

        if (DType is { Kind: 'f', ItemSize: 4, BigEndian: false } && !FortranOrder && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(Data.Span).CopyTo(result);
            return result;
        }

        Decode(result, static (ReadOnlySpan<byte> b, NpyDType t) => (float)ReadDouble(b, t));
        return result;
    }

    /// <summary>The elements as 64-bit integers, C order.</summary>
    /// <exception cref="PythonDataException">The dtype is not bool or integer, or a float element is not integral.</exception>
    public long[] ToInt64Array()
    {
        var result = new long[Count];
        Decode(result, static (ReadOnlySpan<byte> b, NpyDType t) => ReadInt64(b, t));
        return result;
    }

    /// <summary>The elements as 32-bit integers, C order.</summary>
    /// <exception cref="PythonDataException">An element is outside the 32-bit range, or the dtype is not integral.</exception>
    public int[] ToInt32Array()
    {
        long[] wide = ToInt64Array();
        var result = new int[wide.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            long v = wide[i];
            if (v is < int.MinValue or > int.MaxValue)
            {
                // FLAME's kintree_table marks the root's parent with 2^32 − 1 (uint32 −1): callers map it themselves.
                result[i] = v == uint.MaxValue ? -1 : throw new PythonDataException($"element {i} of a {DType} array is {v}, outside the 32-bit range");
            }
            else
            {
                result[i] = (int)v;
            }
        }

        return result;
    }

    private void Set(IReadOnlyList<int> shape, NpyDType dtype, bool fortranOrder, ReadOnlyMemory<byte> data, IReadOnlyList<object?>? objects)
    {
        long count = ElementCount(shape);
        if (count < 0)
        {
            throw new PythonDataException($"array shape ({string.Join(", ", shape)}) is negative or too large");
        }

        if (objects is null)
        {
            if (dtype.IsObject)
            {
                throw new PythonDataException("an object array needs its elements, not raw bytes");
            }

            if (count * (long)dtype.ItemSize != data.Length)
            {
                throw new PythonDataException($"array of shape ({string.Join(", ", shape)}) and dtype {dtype} needs {count * (long)dtype.ItemSize} bytes; found {data.Length}");
            }
        }
        else if (objects.Count != count)
        {
            throw new PythonDataException($"object array of shape ({string.Join(", ", shape)}) needs {count} elements; found {objects.Count}");
        }

        Shape = [.. shape];
        DType = dtype;
        FortranOrder = fortranOrder;
        Data = objects is null ? data : default;
        Objects = objects;
        Count = (int)count;
    }

    /// <summary>Decodes every element into <paramref name="destination"/> (C order), reordering Fortran data.</summary>
    private void Decode<T>(T[] destination, Func<ReadOnlySpan<byte>, NpyDType, T> read)
    {
        if (!DType.IsRealNumeric)
        {
            throw new PythonDataException($"array of dtype {DType} (shape {ShapeText}) does not convert to numbers; expected a bool, integer or float dtype");
        }

        ReadOnlySpan<byte> bytes = Data.Span;
        int size = DType.ItemSize;
        if (!FortranOrder || Rank < 2)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = read(bytes.Slice(i * size, size), DType);
            }

            return;
        }

        // Fortran order: memory index m walks the first axis fastest. Walk memory in order and keep the C-order
        // index of the same element, updating it with per-axis C strides (an odometer over the axes).
        int rank = Rank;
        Span<int> index = stackalloc int[rank];
        Span<long> cStride = stackalloc long[rank];
        long stride = 1;
        for (int a = rank - 1; a >= 0; a--)
        {
            cStride[a] = stride;
            stride *= Shape[a];
        }

        long c = 0;
        for (int m = 0; m < destination.Length; m++)
        {
            destination[c] = read(bytes.Slice(m * size, size), DType);
            for (int a = 0; a < rank; a++)
            {
                index[a]++;
                c += cStride[a];
                if (index[a] < Shape[a])
                {
                    break;
                }

                c -= cStride[a] * Shape[a];
                index[a] = 0;
            }
        }
    }

    private static double ReadDouble(ReadOnlySpan<byte> b, NpyDType t) => t.Kind switch
    {
        'f' => t.ItemSize switch
        {
            8 => t.BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
            4 => t.BigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
            _ => (double)(t.BigEndian ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
        },
        'u' when t.ItemSize == 8 => t.BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
        _ => ReadInt64(b, t),
    };

    private static long ReadInt64(ReadOnlySpan<byte> b, NpyDType t)
    {
        bool be = t.BigEndian;
        switch (t.Kind)
        {
            case 'b':
                return b[0] != 0 ? 1 : 0;
            case 'i':
                return t.ItemSize switch
                {
                    1 => (sbyte)b[0],
                    2 => be ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                    4 => be ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                    _ => be ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                };
            case 'u':
                ulong u = t.ItemSize switch
                {
                    1 => b[0],
                    2 => be ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                    4 => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                    _ => be ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
                };
                return u <= long.MaxValue ? (long)u : throw new PythonDataException($"a {t} element is {u}, beyond the 64-bit signed range");
            default:
                double d = ReadDouble(b, t);
                return d == Math.Floor(d) && Math.Abs(d) < 9.2e18
                    ? (long)d
                    : throw new PythonDataException($"a {t} element is {d}; expected integers");
        }
    }
}
