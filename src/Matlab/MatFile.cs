using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Facebench.Matlab;

/// <summary>
/// Reads MATLAB level-5 MAT-files (MathWorks, "MAT-File Format", versions 5 to 7.0; version 7.3 files are HDF5 and
/// are reported as such): a 128-byte header (116 bytes of text, an 8-byte subsystem offset, the version 0x0100 and
/// the endian indicator 'IM'/'MI'), then data elements, each an 8-byte tag (type, byte count) or a 4-byte
/// "small data element" tag, padded to 8 bytes; <c>miCOMPRESSED</c> elements hold one zlib-compressed element.
/// <para>
/// Bounds: every count is checked against the bytes that remain; a compressed element may not expand beyond the
/// deflate format's 1032:1 maximum ratio; nesting of cells and structs is capped; so malformed input ends in a
/// <see cref="MatFileException"/> without unbounded allocation.
/// </para>
/// </summary>
public sealed class MatFile
{
    private const int HeaderLength = 128;
    private const int MaxDepth = 32;
    private const long MaxInflationRatio = 1032;

    private readonly Dictionary<string, MatArray> _variables;

    private MatFile(string? path, string headerText, Dictionary<string, MatArray> variables)
    {
        Path = path;
        HeaderText = headerText;
        _variables = variables;
    }

    /// <summary>The file, when read from one.</summary>
    public string? Path { get; }

    /// <summary>The descriptive text of the header (e.g. "MATLAB 5.0 MAT-file, Platform: …").</summary>
    public string HeaderText { get; }

    /// <summary>The variables by name, in file order.</summary>
    public IReadOnlyDictionary<string, MatArray> Variables => _variables;

    /// <summary>Reads a MAT-file.</summary>
    /// <exception cref="MatFileException">Unreadable, not a level-5 MAT-file, truncated or malformed.</exception>
    public static MatFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MatFileException($"cannot read the file ({e.Message}); expected a MATLAB level-5 MAT-file", path, e);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads a MAT-file from memory; <paramref name="source"/> names it in errors.</summary>
    public static MatFile Read(ReadOnlyMemory<byte> content, string? source)
    {
        ReadOnlySpan<byte> span = content.Span;
        if (span.Length < HeaderLength)
        {
            throw new MatFileException($"the file has {span.Length} bytes, fewer than the 128-byte MAT-file header", source);
        }

        string text = Encoding.ASCII.GetString(span[..116]).TrimEnd(' ', '\0');
        if (text.StartsWith("MATLAB 7.3", StringComparison.Ordinal))
        {
            throw new MatFileException("a MATLAB 7.3 MAT-file, which is an HDF5 file; save it with -v7 (or read it as HDF5)", source);
        }

        bool bigEndian = span[126] == 'M' && span[127] == 'I';
        if (!bigEndian && !(span[126] == 'I' && span[127] == 'M'))
        {
            throw new MatFileException("not a level-5 MAT-file: the endian indicator at byte 126 is neither 'IM' nor 'MI'", source);
        }

        var reader = new Reader(source, bigEndian);
        var variables = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        int at = HeaderLength;
        while (at < span.Length)
        {
            if (span.Length - at < 8)
            {
                break; // trailing padding
            }

            MatArray? array = reader.Element(content, ref at, 0);
            if (array is not null)
            {
                variables[array.Name] = array;
            }
        }

        return new MatFile(source, text, variables);
    }

    /// <summary>A variable that must exist.</summary>
    /// <exception cref="MatFileException">Missing, naming the variables that exist.</exception>
    public MatArray Get(string name) =>
        _variables.TryGetValue(name, out MatArray? v)
            ? v
            : throw new MatFileException($"variable '{name}' is missing; the file holds: {string.Join(", ", _variables.Keys)}", Path);

    /// <summary>A variable that may be missing.</summary>
    public MatArray? Find(string name) => _variables.GetValueOrDefault(name);

    private sealed class Reader(string? source, bool bigEndian)
    {
        private uint U32(ReadOnlySpan<byte> b) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

        private int I32(ReadOnlySpan<byte> b) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);

        /// <summary>Reads a tag at <paramref name="at"/>: type, byte count and where the data start; advances past the padded element.</summary>
        private (MatDataType Type, ReadOnlyMemory<byte> Data) Tag(ReadOnlyMemory<byte> content, ref int at, string what)
        {
            ReadOnlySpan<byte> span = content.Span;
            if (span.Length - at < 8)
            {
                // A small element needs only 8 bytes too; fewer means truncation.
                throw Error($"{what}: the file ends inside a data element tag at byte {at} (truncated)");
            }

            uint first = U32(span[at..]);
            if ((first >> 16) != 0)
            {
                // Small data element: byte count in the upper 16 bits, data in the tag's second word.
                int smallCount = (int)(first >> 16);
                if (smallCount > 4)
                {
                    throw Error($"{what}: a small data element claims {smallCount} bytes; at most 4 fit");
                }

                ReadOnlyMemory<byte> small = content.Slice(at + 4, smallCount);
                at += 8;
                return ((MatDataType)(first & 0xFFFF), small);
            }

            uint count = U32(span[(at + 4)..]);
            var type = (MatDataType)first;
            if (count > span.Length - at - 8)
            {
                throw Error($"{what}: a {type} element at byte {at} claims {count} bytes but only {span.Length - at - 8} remain (truncated file)");
            }

            ReadOnlyMemory<byte> data = content.Slice(at + 8, (int)count);
            // Compressed elements are not padded; all others are padded to a multiple of 8 bytes (counted from the tag).
            long next = at + 8L + (type == MatDataType.Compressed ? count : (count + 7) & ~7L);
            next = Math.Min(span.Length, next);

            at = (int)next;
            return (type, data);
        }

        /// <summary>Reads one top-level or nested element; returns the array for miMATRIX (null for an empty one).</summary>
        public MatArray? Element(ReadOnlyMemory<byte> content, ref int at, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"compressed elements nested deeper than {MaxDepth} levels");
            }

            (MatDataType type, ReadOnlyMemory<byte> data) = Tag(content, ref at, "data element");
            switch (type)
            {
                case MatDataType.Compressed:
                    byte[] inflated = Inflate(data);
                    int inner = 0;
                    return Element(inflated, ref inner, depth + 1);
                case MatDataType.Matrix:
                    return data.Length == 0 ? null : Matrix(data, depth, "variable");
                default:
                    throw Error($"a top-level {type} data element at byte {at}; expected miMATRIX or miCOMPRESSED variables");
            }
        }

        /// <summary>zlib inflation of one compressed element, bounded by the declared size of the inner element.</summary>
        private byte[] Inflate(ReadOnlyMemory<byte> compressed)
        {
            try
            {
                using var stream = new ZLibStream(new MemoryStream(compressed.ToArray(), writable: false), CompressionMode.Decompress);
                var tag = new byte[8];
                stream.ReadExactly(tag);
                long inner = U32(tag.AsSpan(4));
                long limit = (MaxInflationRatio * compressed.Length) + 64;
                if (inner > limit || inner > Array.MaxLength - 16)
                {
                    throw Error($"a compressed element claims {inner} inflated bytes from {compressed.Length} compressed ones, beyond deflate's 1032:1 limit");
                }

                var buffer = new byte[8 + inner];
                tag.CopyTo(buffer, 0);
                stream.ReadExactly(buffer.AsSpan(8));
                return buffer;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw Error($"a compressed element does not inflate ({e.Message})");
            }
        }

        private MatArray Matrix(ReadOnlyMemory<byte> content, int depth, string what)
        {
            if (depth > MaxDepth)
            {
                throw Error($"{what}: cells and structs nested deeper than {MaxDepth} levels");
            }

            int at = 0;
            (MatDataType flagsType, ReadOnlyMemory<byte> flags) = Tag(content, ref at, $"{what} array flags");
            if (flagsType != MatDataType.UInt32 || flags.Length < 8)
            {
                throw Error($"{what}: the array flags are {flagsType} of {flags.Length} bytes; expected miUINT32 of 8 bytes");
            }

            uint flagWord = U32(flags.Span);
            var matClass = (MatClass)(flagWord & 0xFF);
            bool complex = (flagWord & 0x800) != 0, logical = (flagWord & 0x200) != 0;
            (MatDataType dimsType, ReadOnlyMemory<byte> dimsData) = Tag(content, ref at, $"{what} dimensions");
            if (dimsType != MatDataType.Int32 || dimsData.Length % 4 != 0 || dimsData.Length < 8)
            {
                throw Error($"{what}: the dimensions are {dimsType} of {dimsData.Length} bytes; expected at least two miINT32 values");
            }

            var dims = new int[dimsData.Length / 4];
            long count = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                dims[i] = I32(dimsData.Span[(4 * i)..]);
                if (dims[i] < 0)
                {
                    throw Error($"{what}: dimension {i} is {dims[i]}");
                }

                count *= dims[i];
                if (count > Array.MaxLength)
                {
                    throw Error($"{what}: {string.Join("×", dims)} elements is too many");
                }
            }

            (_, ReadOnlyMemory<byte> nameData) = Tag(content, ref at, $"{what} name");
            string name = Encoding.ASCII.GetString(nameData.Span);
            string label = name.Length > 0 ? $"variable '{name}'" : what;
            var array = new MatArray(name, matClass, dims, logical) { IsComplex = complex, BigEndian = bigEndian };
            switch (matClass)
            {
                case >= MatClass.Double and <= MatClass.UInt64:
                    (MatDataType realType, ReadOnlyMemory<byte> real) = Tag(content, ref at, $"{label} values");
                    int size = MatArray.ElementSize(realType);
                    if (size == 0 || realType is MatDataType.Utf8 or MatDataType.Utf16 or MatDataType.Utf32 || real.Length != count * size)
                    {
                        throw Error($"{label}: {real.Length} bytes of {realType} for {string.Join("×", dims)} elements; expected {count} numeric values");
                    }

                    array.DataType = realType;
                    array.Data = real;
                    break;
                case MatClass.Char:
                    (MatDataType textType, ReadOnlyMemory<byte> text) = Tag(content, ref at, $"{label} text");
                    array.Text = MatArray.DecodeText(text.Span, textType, bigEndian);
                    break;
                case MatClass.Cell:
                    RequireRoom(count, content.Length - at, label);
                    var cells = new MatArray[count];
                    for (long i = 0; i < count; i++)
                    {
                        cells[i] = Nested(content, ref at, depth, $"{label} cell {i}");
                    }

                    array.Cells = cells;
                    break;
                case MatClass.Struct or MatClass.Object:
                    if (matClass == MatClass.Object)
                    {
                        Tag(content, ref at, $"{label} class name");
                    }

                    (_, ReadOnlyMemory<byte> lengthData) = Tag(content, ref at, $"{label} field name length");
                    int nameLength = lengthData.Length >= 4 ? I32(lengthData.Span) : 0;
                    (_, ReadOnlyMemory<byte> namesData) = Tag(content, ref at, $"{label} field names");
                    if (nameLength <= 0 || namesData.Length % nameLength != 0)
                    {
                        throw Error($"{label}: field names of {namesData.Length} bytes in slots of {nameLength}");
                    }

                    string[] fieldNames = [.. Enumerable.Range(0, namesData.Length / nameLength)
                        .Select(f => Encoding.ASCII.GetString(namesData.Span.Slice(f * nameLength, nameLength)).TrimEnd('\0'))];
                    RequireRoom(count * fieldNames.Length, content.Length - at, label);
                    var fields = fieldNames.ToDictionary(f => f, _ => new MatArray[count], StringComparer.Ordinal);
                    for (long i = 0; i < count; i++)
                    {
                        foreach (string field in fieldNames)
                        {
                            fields[field][i] = Nested(content, ref at, depth, $"{label}.{field}");
                        }
                    }

                    array.Fields = fields;
                    break;
                case MatClass.Sparse:
                    (_, ReadOnlyMemory<byte> ir) = Tag(content, ref at, $"{label} row indices");
                    (_, ReadOnlyMemory<byte> jc) = Tag(content, ref at, $"{label} column starts");
                    (MatDataType valueType, ReadOnlyMemory<byte> values) = Tag(content, ref at, $"{label} values");
                    int columns = dims.Length > 1 ? dims[1] : 1;
                    int[] rows = Ints(ir), starts = Ints(jc);
                    int valueSize = MatArray.ElementSize(valueType);
                    if (starts.Length != columns + 1 || starts[0] != 0 || starts[^1] > rows.Length || valueSize == 0 || values.Length != (long)starts[^1] * valueSize
                        || starts.Zip(starts.Skip(1)).Any(p => p.Second < p.First) || rows.Take(starts[^1]).Any(r => (uint)r >= (uint)dims[0]))
                    {
                        throw Error($"{label}: inconsistent sparse index arrays");
                    }

                    array.SparseRows = rows;
                    array.SparseColumnStarts = starts;
                    array.DataType = valueType;
                    array.Data = values;
                    break;
                default:
                    throw Error($"{label} has the unsupported class {(int)matClass}; expected numeric, char, cell, struct or sparse");
            }

            return array;
        }

        private MatArray Nested(ReadOnlyMemory<byte> content, ref int at, int depth, string what)
        {
            (MatDataType type, ReadOnlyMemory<byte> data) = Tag(content, ref at, what);
            if (type != MatDataType.Matrix)
            {
                throw Error($"{what} is a {type} element; expected miMATRIX");
            }

            return data.Length == 0 ? new MatArray("", MatClass.Double, [0, 0], false) { DataType = MatDataType.Double } : Matrix(data, depth + 1, what);
        }

        private int[] Ints(ReadOnlyMemory<byte> data)
        {
            var values = new int[data.Length / 4];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = I32(data.Span[(4 * i)..]);
            }

            return values;
        }

        private void RequireRoom(long elements, long remaining, string label)
        {
            // Each nested element takes at least an 8-byte tag.
            if (elements > remaining / 8)
            {
                throw Error($"{label}: {elements} nested elements cannot fit in the {remaining} bytes that remain");
            }
        }

        private MatFileException Error(string message) => new(message, source);
    }
}
