using System.Buffers.Binary;
using System.Text;
using Facebench.PythonData.Pickle;

namespace Facebench.PythonData.Numpy;

/// <summary>
/// Reads NumPy's <c>.npy</c> format (NEP 1, "A simple file format for NumPy arrays", versions 1.0, 2.0 and 3.0):
/// the magic <c>\x93NUMPY</c>, a major and minor version byte, a little-endian header length (2 bytes in 1.0,
/// 4 bytes in 2.0 and 3.0), an ASCII (3.0: UTF-8) header holding a Python dict literal
/// <c>{'descr': …, 'fortran_order': …, 'shape': (…)}</c>, then the data: raw elements for numeric dtypes, or a
/// pickle of the whole array for the object dtype (what <c>np.save(..., allow_pickle=True)</c> writes).
/// </summary>
public static class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Largest header accepted: NumPy itself refuses headers over 10,000 bytes unless told otherwise.</summary>
    public const int MaxHeaderLength = 1 << 20;

    /// <summary>Reads a .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="allowPickle">Whether object arrays (which embed a pickle) may be read; like NumPy's <c>allow_pickle</c>.</param>
    /// <exception cref="PythonDataException">Missing, truncated or malformed file, unsupported dtype, or an object array with <paramref name="allowPickle"/> false.</exception>
    public static NdArray Read(string path, bool allowPickle = true)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PythonDataException($"cannot read the file ({e.Message}); expected a NumPy .npy file", path, e);
        }

        return Read(bytes, path, allowPickle);
    }

    /// <summary>Reads .npy content from memory; <paramref name="source"/> names it in errors. Numeric data are not copied.</summary>
    public static NdArray Read(ReadOnlyMemory<byte> content, string? source, bool allowPickle = true)
    {
        ReadOnlySpan<byte> span = content.Span;
        if (span.Length < 10 || !span[..6].SequenceEqual(Magic))
        {
            throw new PythonDataException("not a NumPy .npy file: it does not start with the magic '\\x93NUMPY'", source);
        }

        byte major = span[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                if (span.Length < 12)
                {
                    throw new PythonDataException("the .npy file ends inside its preamble", source);
                }

                uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
                if (length > MaxHeaderLength)
                {
                    throw new PythonDataException($"the .npy header claims {length} bytes; expected at most {MaxHeaderLength}", source);
                }

                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw new PythonDataException($"unsupported .npy format version {major}.{span[7]}; expected 1.0, 2.0 or 3.0", source);
        }

        if (headerLength > span.Length - headerStart)
        {
            throw new PythonDataException($"the .npy header claims {headerLength} bytes but only {span.Length - headerStart} remain (truncated file)", source);
        }

        Encoding encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string header = encoding.GetString(span.Slice(headerStart, headerLength)).TrimEnd('\n', ' ', '\0');
        (NpyDType dtype, bool fortran, int[] shape) = ParseHeader(header, source);
        int dataStart = headerStart + headerLength;
        ReadOnlyMemory<byte> data = content[dataStart..];

        if (dtype.IsObject)
        {
            if (!allowPickle)
            {
                throw new PythonDataException("the array holds Python objects (dtype |O), which are stored as a pickle; reading them needs allow_pickle", source);
            }

            object? value = PickleReader.Read(data, source);
            if (value is not NdArray array)
            {
                throw new PythonDataException($"the pickled payload of an object array is a {PyValue.Describe(value)}; expected a NumPy array", source);
            }

            return array;
        }

        long count = NdArray.ElementCount(shape);
        if (count < 0)
        {
            throw new PythonDataException($"the shape ({string.Join(", ", shape)}) is negative or too large", source);
        }

        long needed = count * dtype.ItemSize;
        if (needed > data.Length)
        {
            throw new PythonDataException($"the array of shape ({string.Join(", ", shape)}) and dtype {dtype} needs {needed} bytes but only {data.Length} remain (truncated file)", source);
        }

        try
        {
            return new NdArray(shape, dtype, fortran, data[..(int)needed]);
        }
        catch (PythonDataException e)
        {
            throw new PythonDataException(e.Message, source, e);
        }
    }

    private static (NpyDType DType, bool Fortran, int[] Shape) ParseHeader(string header, string? source)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(header);
        }
        catch (FormatException e)
        {
            throw new PythonDataException($"the .npy header is not a Python dict literal ({e.Message}): {Shorten(header)}", source, e);
        }

        if (literal is not Dictionary<string, object?> dict)
        {
            throw new PythonDataException($"the .npy header is not a dict: {Shorten(header)}", source);
        }

        if (!dict.TryGetValue("descr", out object? descr) || !dict.TryGetValue("fortran_order", out object? fortran) || !dict.TryGetValue("shape", out object? shape))
        {
            throw new PythonDataException($"the .npy header lacks one of 'descr', 'fortran_order', 'shape': {Shorten(header)}", source);
        }

        if (descr is not string descriptor)
        {
            throw new PythonDataException($"field 'descr' is a {PyValue.Describe(descr)}; expected a simple dtype string such as '<f8' (structured dtypes are not supported)", source);
        }

        NpyDType dtype;
        try
        {
            dtype = NpyDType.Parse(descriptor);
        }
        catch (FormatException e)
        {
            throw new PythonDataException($"field 'descr': {e.Message}", source, e);
        }

        if (fortran is not bool isFortran)
        {
            throw new PythonDataException("field 'fortran_order' must be True or False", source);
        }

        if (shape is not List<object?> dims)
        {
            throw new PythonDataException("field 'shape' must be a tuple of integers", source);
        }

        var result = new int[dims.Count];
        for (int i = 0; i < dims.Count; i++)
        {
            if (dims[i] is not long d || d < 0 || d > Array.MaxLength)
            {
                throw new PythonDataException($"field 'shape' has the invalid dimension {PyValue.Describe(dims[i])} at axis {i}", source);
            }

            result[i] = (int)d;
        }

        return (dtype, isFortran, result);
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
