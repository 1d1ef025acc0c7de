using System.Buffers.Binary;
using System.Text;

namespace Facebench.Matlab;

/// <summary>
/// One MATLAB variable (or cell/struct element) of a level-5 MAT-file. Numeric data keep their stored element type
/// and byte order until converted; conversions return values in MATLAB's column-major order (the first index varies
/// fastest), as stored. <see cref="Transpose2D"/> turns a column-major [rows × columns] matrix into row-major.
/// </summary>
public sealed class MatArray
{
    internal MatArray(string name, MatClass matClass, int[] dimensions, bool isLogical)
    {
        Name = name;
        Class = matClass;
        Dimensions = dimensions;
        IsLogical = isLogical;
    }

    /// <summary>The variable name (empty inside cells and structs).</summary>
    public string Name { get; }

    /// <summary>The MATLAB class.</summary>
    public MatClass Class { get; }

    /// <summary>The dimensions (at least two, as MATLAB keeps them).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>True for logical arrays (stored as uint8).</summary>
    public bool IsLogical { get; }

    /// <summary>True when an imaginary part was stored (it is read but not exposed).</summary>
    public bool IsComplex { get; internal set; }

    /// <summary>Number of elements, the product of the dimensions.</summary>
    public long Count => Dimensions.Aggregate(1L, (a, d) => a * d);

    /// <summary>Rows (first dimension).</summary>
    public int Rows => Dimensions.Count > 0 ? Dimensions[0] : 0;

    /// <summary>Columns (product of the remaining dimensions).</summary>
    public int Columns => Dimensions.Count > 1 ? (int)(Count / Math.Max(1, Rows)) : 1;

    internal MatDataType DataType { get; set; }

    internal ReadOnlyMemory<byte> Data { get; set; }

    internal bool BigEndian { get; set; }

    /// <summary>Text of a char array (rows concatenated column-major, as MATLAB stores them).</summary>
    public string? Text { get; internal set; }

    /// <summary>Fields of a struct: for each field name, one array per struct element (column-major).</summary>
    public IReadOnlyDictionary<string, MatArray[]>? Fields { get; internal set; }

    /// <summary>Elements of a cell array (column-major).</summary>
    public IReadOnlyList<MatArray>? Cells { get; internal set; }

    /// <summary>Sparse arrays: row indices and column pointers (compressed sparse column), with values in <see cref="Data"/>.</summary>
    internal int[]? SparseRows { get; set; }

    internal int[]? SparseColumnStarts { get; set; }

    /// <summary>True for the numeric classes (and logical).</summary>
    public bool IsNumeric => Class is >= MatClass.Double and <= MatClass.UInt64;

    /// <summary>The values as doubles in stored (column-major) order; sparse arrays are expanded.</summary>
    /// <exception cref="MatFileException">Not a numeric array.</exception>
    public double[] ToDoubleArray()
    {
        if (Class == MatClass.Sparse)
        {
            return SparseToDense();
        }

        RequireNumeric();
        var result = new double[Count];
        Decode(Data.Span, result);
        return result;
    }

    /// <summary>The values as singles in stored (column-major) order.</summary>
    public float[] ToSingleArray()
    {
        RequireNumeric();
        var result = new float[Count];
        ReadOnlySpan<byte> bytes = Data.Span;
        if (DataType == MatDataType.Single && !BigEndian)
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            }

            return result;
        }

        double[] d = ToDoubleArray();
        for (int i = 0; i < d.Length; i++)
        {
            result[i] = (float)d[i];
        }

        return result;
    }

    /// <summary>
    /// A column-major [rows × columns] matrix as row-major floats: element (r, c) at <c>r·columns + c</c>. Reads
    /// column by column so that each source column is one contiguous pass.
    /// </summary>
    public float[] Transpose2D()
    {
        float[] columnMajor = ToSingleArray();
        int rows = Rows, columns = Columns;
        var rowMajor = new float[columnMajor.Length];
        for (int c = 0; c < columns; c++)
        {
            int from = c * rows;
            for (int r = 0; r < rows; r++)
            {
                rowMajor[(r * columns) + c] = columnMajor[from + r];
            }
        }

        return rowMajor;
    }

    private void RequireNumeric()
    {
        if (!IsNumeric)
        {
            throw new MatFileException($"variable '{Name}' is a {Class} array; expected a numeric array");
        }
    }

    private double[] SparseToDense()
    {
        int rows = Rows, columns = Columns;
        var dense = new double[(long)rows * columns];
        int[] ir = SparseRows!, jc = SparseColumnStarts!;
        var values = new double[jc[columns]];
        Decode(Data.Span, values);
        for (int c = 0; c < columns; c++)
        {
            for (int k = jc[c]; k < jc[c + 1]; k++)
            {
                dense[((long)c * rows) + ir[k]] = values[k];
            }
        }

        return dense;
    }

    private void Decode(ReadOnlySpan<byte> bytes, Span<double> result)
    {
        int size = ElementSize(DataType);
        bool be = BigEndian;
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> b = bytes.Slice(i * size, size);
            result[i] = DataType switch
            {
                MatDataType.Double => be ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
                MatDataType.Single => be ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                MatDataType.Int8 => (sbyte)b[0],
                MatDataType.UInt8 => b[0],
                MatDataType.Int16 => be ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                MatDataType.UInt16 => be ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                MatDataType.Int32 => be ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                MatDataType.UInt32 => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                MatDataType.Int64 => be ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                MatDataType.UInt64 => be ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
                _ => throw new MatFileException($"variable '{Name}' stores its values as {DataType}; expected a numeric data type"),
            };
        }
    }

    /// <summary>Bytes per element of a numeric data type; 0 for the others.</summary>
    internal static int ElementSize(MatDataType type) => type switch
    {
        MatDataType.Int8 or MatDataType.UInt8 or MatDataType.Utf8 => 1,
        MatDataType.Int16 or MatDataType.UInt16 or MatDataType.Utf16 => 2,
        MatDataType.Int32 or MatDataType.UInt32 or MatDataType.Single or MatDataType.Utf32 => 4,
        MatDataType.Int64 or MatDataType.UInt64 or MatDataType.Double => 8,
        _ => 0,
    };

    internal static string DecodeText(ReadOnlySpan<byte> bytes, MatDataType type, bool bigEndian) => type switch
    {
        MatDataType.Utf8 or MatDataType.Int8 or MatDataType.UInt8 => Encoding.UTF8.GetString(bytes),
        MatDataType.Utf16 or MatDataType.UInt16 or MatDataType.Int16 => (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(bytes),
        MatDataType.Utf32 or MatDataType.UInt32 or MatDataType.Int32 => new UTF32Encoding(bigEndian, false).GetString(bytes),
        _ => throw new MatFileException($"char data stored as {type}; expected UTF-8, UTF-16 or UTF-32"),
    };
}
