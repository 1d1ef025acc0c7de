using PureHDF;
using PureHDF.VOL.Native;

namespace Facebench.Hdf5;

/// <summary>
/// An HDF5 file open for reading through PureHDF: numeric datasets by path as .NET arrays in HDF5's row-major (C)
/// order, converted from whatever integer or floating-point type the file stores them in (PureHDF itself only
/// reinterprets bytes, so an int32 dataset read as floats would silently give garbage). Every failure is an
/// <see cref="Hdf5Exception"/> naming the file and the dataset. Not thread-safe; dispose to close.
/// </summary>
public sealed class Hdf5File : IDisposable
{
    private readonly NativeFile _file;

    private Hdf5File(NativeFile file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Opens a file for reading.</summary>
    /// <exception cref="Hdf5Exception">Missing, unreadable, or not an HDF5 file.</exception>
    public static Hdf5File OpenRead(string path)
    {
        if (!File.Exists(path))
        {
            throw new Hdf5Exception("file not found; expected an HDF5 file.", path);
        }

        try
        {
            return new Hdf5File(H5File.OpenRead(path), path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Hdf5Exception($"not a readable HDF5 file ({e.Message}).", path, e);
        }
    }

    /// <summary>True when the object at a path such as <c>/shape/model/mean</c> exists (any parent may be missing).</summary>
    public bool Exists(string path)
    {
        try
        {
            return _file.LinkExists(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Hdf5Exception($"cannot look up '{path}' ({e.Message}); the file is corrupt.", Path, e);
        }
    }

    /// <summary>Reads a numeric dataset as singles, with its dimensions.</summary>
    /// <exception cref="Hdf5Exception">Missing, not a dataset, not numeric, or unreadable.</exception>
    public float[] ReadSingle(string path, out long[] dimensions) => Read(path, out dimensions, allowFloats: true, ToSingle);

    /// <summary>Reads an integer dataset as 32-bit integers, with its dimensions.</summary>
    /// <exception cref="Hdf5Exception">Missing, not a dataset, not integers, a value beyond 32 bits, or unreadable.</exception>
    public int[] ReadInt32(string path, out long[] dimensions) => Read(path, out dimensions, allowFloats: false, values => ToInt32(values, path));

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private T[] Read<T>(string path, out long[] dimensions, bool allowFloats, Func<Array, T[]> convert)
    {
        if (!Exists(path))
        {
            throw new Hdf5Exception($"dataset '{path}' is missing.", Path);
        }

        try
        {
            IH5Object item = _file.Get(path);
            if (item is not IH5Dataset dataset)
            {
                throw new Hdf5Exception($"'{path}' is a group, not a dataset.", Path);
            }

            IH5DataType type = dataset.Type;
            bool isFloat = type.Class == H5DataTypeClass.FloatingPoint;
            if (!(type.Class == H5DataTypeClass.FixedPoint || (allowFloats && isFloat)))
            {
                throw new Hdf5Exception($"dataset '{path}' holds {type.Class} values of {type.Size} bytes; expected {(allowFloats ? "numbers" : "integers")}.", Path);
            }

            dimensions = [.. dataset.Space.Dimensions.Select(d => (long)d)];
            if (dimensions.Aggregate(1.0, (count, d) => count * d) > Array.MaxLength)
            {
                throw new Hdf5Exception($"dataset '{path}' of dimensions {string.Join("×", dimensions)} is too large.", Path);
            }

            Array values = (type.Class, type.Size, isFloat || type.FixedPoint.IsSigned) switch
            {
                (H5DataTypeClass.FloatingPoint, 4, _) => dataset.Read<float[]>(),
                (H5DataTypeClass.FloatingPoint, 8, _) => dataset.Read<double[]>(),
                (H5DataTypeClass.FixedPoint, 1, true) => dataset.Read<sbyte[]>(),
                (H5DataTypeClass.FixedPoint, 1, false) => dataset.Read<byte[]>(),
                (H5DataTypeClass.FixedPoint, 2, true) => dataset.Read<short[]>(),
                (H5DataTypeClass.FixedPoint, 2, false) => dataset.Read<ushort[]>(),
                (H5DataTypeClass.FixedPoint, 4, true) => dataset.Read<int[]>(),
                (H5DataTypeClass.FixedPoint, 4, false) => dataset.Read<uint[]>(),
                (H5DataTypeClass.FixedPoint, 8, true) => dataset.Read<long[]>(),
                (H5DataTypeClass.FixedPoint, 8, false) => dataset.Read<ulong[]>(),
                _ => throw new Hdf5Exception($"dataset '{path}' holds {type.Size}-byte {type.Class} values, which are not read here.", Path),
            };
            return convert(values);
        }
        catch (Hdf5Exception)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Hdf5Exception($"reading dataset '{path}' failed ({e.Message}); the file is truncated or corrupt.", Path, e);
        }
    }

    private static float[] ToSingle(Array values) => values switch
    {
        float[] f => f,
        double[] d => [.. d.Select(v => (float)v)],
        _ => [.. values.Cast<object>().Select(Convert.ToSingle)],
    };

    private int[] ToInt32(Array values, string path)
    {
        if (values is int[] ints)
        {
            return ints;
        }

        var result = new int[values.Length];
        int i = 0;
        foreach (object value in values)
        {
            decimal v = Convert.ToDecimal(value);
            if (v is < int.MinValue or > int.MaxValue)
            {
                throw new Hdf5Exception($"dataset '{path}' holds the value {v} at index {i}, beyond 32-bit integers.", Path);
            }

            result[i++] = (int)v;
        }

        return result;
    }
}
