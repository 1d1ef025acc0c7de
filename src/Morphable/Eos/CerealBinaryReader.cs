using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Facebench.Contracts;

namespace Facebench.Morphable.Eos;

/// <summary>
/// A bounds-checked reader for cereal's portable-layout binary archive (<c>cereal::BinaryInputArchive</c>,
/// https://uscilab.github.io/cereal/) as eos writes it on little-endian machines:
/// <list type="bullet">
/// <item>arithmetic values are their raw little-endian bytes (<c>bool</c> is one byte);</item>
/// <item>container sizes (<c>std::vector</c>, <c>std::string</c>, maps) are a <c>uint64</c> "size tag";</item>
/// <item><c>std::array</c> of arithmetic values has no size: just its bytes;</item>
/// <item>a class with <c>CEREAL_CLASS_VERSION</c> is preceded, the first time it appears, by a <c>uint32</c> version.</item>
/// </list>
/// Every count is checked against the bytes that remain before anything is allocated, so a truncated or foreign
/// file gives a <see cref="PluginInputException"/> naming the file, the item and the offset, never an
/// out-of-range index or a gigantic allocation.
/// </summary>
internal sealed class CerealBinaryReader
{
    private readonly byte[] _data;
    private int _position;

    /// <summary>Reads the whole file into memory (eos model files are a few MB).</summary>
    public CerealBinaryReader(string path, string expected)
    {
        Path = path;
        Expected = expected;
        if (!File.Exists(path))
        {
            throw new PluginInputException($"file not found; expected {expected}", path);
        }

        var info = new FileInfo(path);
        if (info.Length > int.MaxValue)
        {
            throw new PluginInputException($"the file is {info.Length} bytes, too large for {expected}", path);
        }

        _data = File.ReadAllBytes(path);
    }

    /// <summary>The file being read, for messages.</summary>
    public string Path { get; }

    /// <summary>What the file should be, for messages (e.g. "an eos MorphableModel archive").</summary>
    public string Expected { get; }

    /// <summary>Bytes not yet read.</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>Current offset, for messages.</summary>
    public int Position => _position;

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public bool ReadBool(string what)
    {
        byte b = Take(1, what)[0];
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Error($"{what} is a bool but holds the byte {b}"),
        };
    }

    /// <summary>
    /// Reads a cereal size tag and checks that <c>count × minBytesPerElement</c> bytes can still follow, so a corrupt
    /// count cannot trigger a huge allocation.
    /// </summary>
    public int ReadSize(string what, int minBytesPerElement)
    {
        int at = _position;
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
        if (count > (ulong)Remaining / (ulong)Math.Max(1, minBytesPerElement))
        {
            throw Error($"{what} claims {count} elements (at offset {at}) but only {Remaining} bytes remain");
        }

        return (int)count;
    }

    /// <summary>Reads a <c>std::string</c>: size tag, then the bytes (UTF-8).</summary>
    public string ReadString(string what, int maxLength)
    {
        int length = ReadSize(what, 1);
        if (length > maxLength)
        {
            throw Error($"{what} is {length} bytes long; at most {maxLength} expected");
        }

        return System.Text.Encoding.UTF8.GetString(Take(length, what));
    }

    /// <summary>Reads <paramref name="count"/> floats.</summary>
    public float[] ReadFloats(int count, string what) => ReadArray<float>(count, what);

    /// <summary>Reads <paramref name="count"/> doubles.</summary>
    public double[] ReadDoubles(int count, string what) => ReadArray<double>(count, what);

    /// <summary>Reads <paramref name="count"/> 32-bit ints.</summary>
    public int[] ReadInt32s(int count, string what) => ReadArray<int>(count, what);

    /// <summary>
    /// Reads an Eigen float matrix as eos's <c>eigen_cerealisation.hpp</c> stores it: <c>int32 rows</c>,
    /// <c>int32 cols</c>, then <c>rows·cols</c> floats of <c>Matrix::data()</c>, which is column-major.
    /// </summary>
    public EigenMatrix ReadEigenMatrix(string what)
    {
        int at = _position;
        int rows = ReadInt32($"{what} (rows)");
        int cols = ReadInt32($"{what} (columns)");
        if (rows < 0 || cols < 0)
        {
            throw Error($"{what} has a negative size {rows} × {cols} (at offset {at})");
        }

        long count = (long)rows * cols;
        if (count > Remaining / sizeof(float))
        {
            throw Error($"{what} claims {rows} × {cols} floats (at offset {at}) but only {Remaining} bytes remain");
        }

        return new EigenMatrix(rows, cols, ReadFloats((int)count, what));
    }

    /// <summary>Fails unless the whole file has been consumed (trailing bytes mean a different layout).</summary>
    public void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw Error($"{Remaining} unexpected bytes follow the end of the archive at offset {_position}");
        }
    }

    /// <summary>An error that names the file and what it should have been.</summary>
    public PluginInputException Error(string detail) => new($"{detail}; expected {Expected}", Path);

    private T[] ReadArray<T>(int count, string what) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (count < 0 || (long)count * size > Remaining)
        {
            throw Error($"{what} needs {(long)count * size} bytes at offset {_position} but only {Remaining} remain (truncated file?)");
        }

        ReadOnlySpan<byte> bytes = Take(count * size, what);
        var result = new T[count];
        // cereal's binary archive writes native byte order; eos's published files come from little-endian machines.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Reading cereal archives requires a little-endian machine.");
        }

        bytes.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw Error($"the file ends at offset {_data.Length} while reading {what} ({count} bytes needed at offset {_position}; truncated file?)");
        }

        var span = new ReadOnlySpan<byte>(_data, _position, count);
        _position += count;
        return span;
    }
}
