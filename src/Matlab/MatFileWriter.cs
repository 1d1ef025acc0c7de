using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Facebench.Matlab;

/// <summary>
/// Writes little-endian level-5 MAT-files (MAT-File Format, versions 5 and 7) with numeric (double, single, int32)
/// and char variables, each optionally wrapped in a zlib-compressed <c>miCOMPRESSED</c> element as MATLAB's
/// <c>save -v7</c> does. Matrices are given column-major, as MATLAB stores them. Used by the tests to make fixtures
/// in the exact format of, e.g., the Basel Face Model 2009.
/// </summary>
public sealed class MatFileWriter
{
    private readonly List<byte[]> _elements = [];

    /// <summary>Adds a double matrix (column-major values).</summary>
    public MatFileWriter AddDouble(string name, int rows, int columns, ReadOnlySpan<double> columnMajor, bool compress = true) =>
        Add(name, MatClass.Double, MatDataType.Double, rows, columns, MemoryMarshal.AsBytes(columnMajor), compress);

    /// <summary>Adds a single-precision matrix (column-major values).</summary>
    public MatFileWriter AddSingle(string name, int rows, int columns, ReadOnlySpan<float> columnMajor, bool compress = true) =>
        Add(name, MatClass.Single, MatDataType.Single, rows, columns, MemoryMarshal.AsBytes(columnMajor), compress);

    /// <summary>Adds an int32 matrix (column-major values).</summary>
    public MatFileWriter AddInt32(string name, int rows, int columns, ReadOnlySpan<int> columnMajor, bool compress = true) =>
        Add(name, MatClass.Int32, MatDataType.Int32, rows, columns, MemoryMarshal.AsBytes(columnMajor), compress);

    /// <summary>Adds a 1×n char array (UTF-16 code units, as MATLAB writes them).</summary>
    public MatFileWriter AddText(string name, string text, bool compress = false) =>
        Add(name, MatClass.Char, MatDataType.UInt16, 1, text.Length, Encoding.Unicode.GetBytes(text), compress);

    /// <summary>Writes the file.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created by: Facebench".PadRight(116)).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        stream.Write(header);
        foreach (byte[] element in _elements)
        {
            stream.Write(element);
        }
    }

    private MatFileWriter Add(string name, MatClass matClass, MatDataType type, int rows, int columns, ReadOnlySpan<byte> data, bool compress)
    {
        var body = new MemoryStream();
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)matClass);
        WriteElement(body, MatDataType.UInt32, flags);
        var dims = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(dims, rows);
        BinaryPrimitives.WriteInt32LittleEndian(dims.AsSpan(4), columns);
        WriteElement(body, MatDataType.Int32, dims);
        WriteElement(body, MatDataType.Int8, Encoding.ASCII.GetBytes(name));
        WriteElement(body, type, data);
        var matrix = new MemoryStream();
        WriteElement(matrix, MatDataType.Matrix, body.ToArray());
        if (!compress)
        {
            _elements.Add(matrix.ToArray());
            return this;
        }

        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(matrix.ToArray());
        }

        var outer = new MemoryStream();
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)MatDataType.Compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)compressed.Length);
        outer.Write(tag);
        outer.Write(compressed.ToArray());
        _elements.Add(outer.ToArray());
        return this;
    }

    /// <summary>Tag, data, and zero padding to the next 8-byte boundary.</summary>
    private static void WriteElement(Stream stream, MatDataType type, ReadOnlySpan<byte> data)
    {
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)data.Length);
        stream.Write(tag);
        stream.Write(data);
        int pad = (8 - (data.Length % 8)) % 8;
        stream.Write(new byte[pad]);
    }
}
