using System.Text;

namespace Facebench.Hdf5;

/// <summary>
/// An open HDF5 file (HDF5 C API, <c>H5F</c>): read numeric datasets by path as .NET arrays in HDF5's row-major
/// (C) order, and — for writing fixtures — create groups and numeric datasets. Not thread-safe (the serial HDF5
/// library is not); dispose to close.
/// </summary>
public sealed unsafe class Hdf5File : IDisposable
{
    private readonly Hdf5Native.Api _api;
    private long _file;

    private Hdf5File(Hdf5Native.Api api, long file, string path)
    {
        _api = api;
        _file = file;
        Path = path;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>True when the HDF5 library can be loaded on this machine.</summary>
    public static bool IsLibraryAvailable => Hdf5Native.IsAvailable;

    /// <summary>Opens a file for reading.</summary>
    /// <exception cref="Hdf5UnavailableException">The HDF5 library is not installed.</exception>
    /// <exception cref="Hdf5Exception">Missing or not an HDF5 file.</exception>
    public static Hdf5File OpenRead(string path)
    {
        Hdf5Native.Api api = Hdf5Native.Functions;
        if (!File.Exists(path))
        {
            throw new Hdf5Exception("file not found; expected an HDF5 file", path);
        }

        long file;
        fixed (byte* name = Utf8z(path))
        {
            file = api.H5Fopen(name, Hdf5Native.AccessReadOnly, Hdf5Native.Default);
        }

        return file < 0 ? throw new Hdf5Exception("not a readable HDF5 file (H5Fopen failed)", path) : new Hdf5File(api, file, path);
    }

    /// <summary>Creates (or truncates) a file for writing.</summary>
    public static Hdf5File Create(string path)
    {
        Hdf5Native.Api api = Hdf5Native.Functions;
        long file;
        fixed (byte* name = Utf8z(path))
        {
            file = api.H5Fcreate(name, Hdf5Native.AccessTruncate, Hdf5Native.Default, Hdf5Native.Default);
        }

        return file < 0 ? throw new Hdf5Exception("cannot create the HDF5 file (H5Fcreate failed)", path) : new Hdf5File(api, file, path);
    }

    /// <summary>True when every link of a path such as <c>/shape/model/mean</c> exists.</summary>
    public bool Exists(string path)
    {
        string prefix = "";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += "/" + part;
            fixed (byte* name = Utf8z(prefix))
            {
                if (_api.H5Lexists(Handle, name, Hdf5Native.Default) <= 0)
                {
                    return false;
                }
            }
        }

        return prefix.Length > 0;
    }

    /// <summary>Reads a numeric dataset as singles (converted by HDF5 from the stored type), with its dimensions.</summary>
    /// <exception cref="Hdf5Exception">Missing, not numeric, or too large.</exception>
    public float[] ReadSingle(string path, out long[] dimensions) => Read<float>(path, _api.NativeFloat, out dimensions);

    /// <summary>Reads a numeric dataset as doubles.</summary>
    public double[] ReadDouble(string path, out long[] dimensions) => Read<double>(path, _api.NativeDouble, out dimensions);

    /// <summary>Reads a numeric dataset as 32-bit integers.</summary>
    public int[] ReadInt32(string path, out long[] dimensions) => Read<int>(path, _api.NativeInt32, out dimensions);

    /// <summary>Creates a group and any missing parents (like <c>h5py</c>'s <c>require_group</c>).</summary>
    public void CreateGroup(string path)
    {
        string prefix = "";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += "/" + part;
            if (Exists(prefix))
            {
                continue;
            }

            fixed (byte* name = Utf8z(prefix))
            {
                long group = _api.H5Gcreate2(Handle, name, Hdf5Native.Default, Hdf5Native.Default, Hdf5Native.Default);
                if (group < 0)
                {
                    throw new Hdf5Exception($"cannot create group '{prefix}'", Path);
                }

                _api.H5Gclose(group);
            }
        }
    }

    /// <summary>Writes a float32 dataset of the given dimensions (row-major data).</summary>
    public void WriteSingle(string path, ReadOnlySpan<float> data, params long[] dimensions) => Write(path, data, _api.NativeFloat, dimensions);

    /// <summary>Writes a float64 dataset.</summary>
    public void WriteDouble(string path, ReadOnlySpan<double> data, params long[] dimensions) => Write(path, data, _api.NativeDouble, dimensions);

    /// <summary>Writes an int32 dataset.</summary>
    public void WriteInt32(string path, ReadOnlySpan<int> data, params long[] dimensions) => Write(path, data, _api.NativeInt32, dimensions);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_file > 0)
        {
            _api.H5Fclose(_file);
            _file = 0;
        }
    }

    private long Handle => _file > 0 ? _file : throw new ObjectDisposedException(nameof(Hdf5File));

    private T[] Read<T>(string path, long memoryType, out long[] dimensions) where T : unmanaged
    {
        if (!Exists(path))
        {
            throw new Hdf5Exception($"dataset '{path}' is missing", Path);
        }

        long dataset, space = -1, type = -1;
        fixed (byte* name = Utf8z(path))
        {
            dataset = _api.H5Dopen2(Handle, name, Hdf5Native.Default);
        }

        if (dataset < 0)
        {
            throw new Hdf5Exception($"'{path}' is not a dataset", Path);
        }

        try
        {
            type = _api.H5Dget_type(dataset);
            int typeClass = _api.H5Tget_class(type);
            if (typeClass is not (Hdf5Native.ClassInteger or Hdf5Native.ClassFloat))
            {
                throw new Hdf5Exception($"dataset '{path}' is of HDF5 type class {typeClass}; expected integers or floats", Path);
            }

            space = _api.H5Dget_space(dataset);
            int rank = _api.H5Sget_simple_extent_ndims(space);
            if (rank is < 0 or > 32)
            {
                throw new Hdf5Exception($"dataset '{path}' has rank {rank}", Path);
            }

            var dims = new ulong[Math.Max(rank, 1)];
            fixed (ulong* d = dims)
            {
                _api.H5Sget_simple_extent_dims(space, d, null);
            }

            dimensions = [.. dims.Take(rank).Select(d => (long)d)];
            long count = 1;
            foreach (long d in dimensions)
            {
                count *= d;
                if (count > Array.MaxLength)
                {
                    throw new Hdf5Exception($"dataset '{path}' of dimensions {string.Join("×", dimensions)} is too large", Path);
                }
            }

            var result = new T[count];
            fixed (T* buffer = result)
            {
                if (count > 0 && _api.H5Dread(dataset, memoryType, Hdf5Native.Default, Hdf5Native.Default, Hdf5Native.Default, buffer) < 0)
                {
                    throw new Hdf5Exception($"reading dataset '{path}' failed (H5Dread)", Path);
                }
            }

            return result;
        }
        finally
        {
            if (space >= 0)
            {
                _api.H5Sclose(space);
            }

            if (type >= 0)
            {
                _api.H5Tclose(type);
            }

            _api.H5Dclose(dataset);
        }
    }

    private void Write<T>(string path, ReadOnlySpan<T> data, long memoryType, long[] dimensions) where T : unmanaged
    {
        long count = dimensions.Aggregate(1L, (a, d) => a * d);
        if (count != data.Length)
        {
            throw new ArgumentException($"{data.Length} values for dimensions {string.Join("×", dimensions)}.");
        }

        int slash = path.LastIndexOf('/');
        if (slash > 0)
        {
            CreateGroup(path[..slash]);
        }

        ulong[] dims = [.. dimensions.Select(d => (ulong)d)];
        long space;
        fixed (ulong* d = dims)
        {
            space = _api.H5Screate_simple(dims.Length, d, null);
        }

        try
        {
            long dataset;
            fixed (byte* name = Utf8z(path))
            {
                dataset = _api.H5Dcreate2(Handle, name, memoryType, space, Hdf5Native.Default, Hdf5Native.Default, Hdf5Native.Default);
            }

            if (dataset < 0)
            {
                throw new Hdf5Exception($"cannot create dataset '{path}'", Path);
            }

            try
            {
                fixed (T* buffer = data)
                {
                    if (_api.H5Dwrite(dataset, memoryType, Hdf5Native.Default, Hdf5Native.Default, Hdf5Native.Default, buffer) < 0)
                    {
                        throw new Hdf5Exception($"writing dataset '{path}' failed", Path);
                    }
                }
            }
            finally
            {
                _api.H5Dclose(dataset);
            }
        }
        finally
        {
            _api.H5Sclose(space);
        }
    }

    private static byte[] Utf8z(string s) => Encoding.UTF8.GetBytes(s + "\0");
}
