using System.Runtime.InteropServices;

namespace Facebench.Hdf5;

/// <summary>
/// The HDF5 C API functions this layer uses (HDF5 1.10+ reference manual: H5F, H5G, H5D, H5S, H5T, H5L, H5E), bound
/// at first use by name from the first library found among the names Debian and upstream builds install. Since
/// HDF5 1.10 <c>hid_t</c> is 64-bit, <c>hsize_t</c> is unsigned 64-bit, <c>herr_t</c> and <c>htri_t</c> are
/// <c>int</c>. The predefined memory types (<c>H5T_NATIVE_DOUBLE</c> …) are macros over global variables
/// (<c>H5T_NATIVE_DOUBLE_g</c>) that <c>H5open</c> initialises, so they are read after calling it.
/// </summary>
internal static unsafe class Hdf5Native
{
    /// <summary>Library names tried in order: Debian 12's serial build first, then generic names.</summary>
    private static readonly string[] Candidates =
    [
        "libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5_serial.so.310", "libhdf5.so.310",
        "libhdf5_serial.so", "libhdf5.so", "libhdf5.dylib", "hdf5.dll", "hdf5",
    ];

    private static readonly Lazy<Api> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public const uint AccessReadOnly = 0;      // H5F_ACC_RDONLY
    public const uint AccessTruncate = 2;      // H5F_ACC_TRUNC
    public const long Default = 0;             // H5P_DEFAULT, H5S_ALL
    public const int ClassInteger = 0;         // H5T_INTEGER
    public const int ClassFloat = 1;           // H5T_FLOAT

    /// <summary>The bound API; throws <see cref="Hdf5UnavailableException"/> when no library loads.</summary>
    public static Api Functions => Loaded.Value;

    /// <summary>True when the library can be loaded (for tests that skip without it).</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                _ = Functions;
                return true;
            }
            catch (Hdf5UnavailableException)
            {
                return false;
            }
        }
    }

    private static Api Load()
    {
        foreach (string name in Candidates)
        {
            if (NativeLibrary.TryLoad(name, typeof(Hdf5Native).Assembly, null, out IntPtr handle))
            {
                try
                {
                    return new Api(handle);
                }
                catch (EntryPointNotFoundException e)
                {
                    throw new Hdf5UnavailableException($"{name} lacks the HDF5 function {e.Message}; expected HDF5 1.10 or later (Debian package {Hdf5UnavailableException.DebianPackage})");
                }
            }
        }

        throw new Hdf5UnavailableException(
            $"the HDF5 C library is not installed (looked for {string.Join(", ", Candidates.Take(4))}); install the Debian package {Hdf5UnavailableException.DebianPackage} " +
            $"(sudo apt-get install {Hdf5UnavailableException.DebianPackage}, or ./build.sh --target=assets)");
    }

    /// <summary>Function pointers into the loaded library.</summary>
    internal sealed class Api
    {
        public readonly delegate* unmanaged<int> H5open;
        public readonly delegate* unmanaged<long, IntPtr, IntPtr, int> H5Eset_auto2;
        public readonly delegate* unmanaged<byte*, uint, long, long> H5Fopen;
        public readonly delegate* unmanaged<byte*, uint, long, long, long> H5Fcreate;
        public readonly delegate* unmanaged<long, int> H5Fclose;
        public readonly delegate* unmanaged<long, byte*, long, long, long, long> H5Gcreate2;
        public readonly delegate* unmanaged<long, int> H5Gclose;
        public readonly delegate* unmanaged<long, byte*, long, int> H5Lexists;
        public readonly delegate* unmanaged<long, byte*, long, long> H5Dopen2;
        public readonly delegate* unmanaged<long, byte*, long, long, long, long, long, long> H5Dcreate2;
        public readonly delegate* unmanaged<long, long> H5Dget_space;
        public readonly delegate* unmanaged<long, long> H5Dget_type;
        public readonly delegate* unmanaged<long, long, long, long, long, void*, int> H5Dread;
        public readonly delegate* unmanaged<long, long, long, long, long, void*, int> H5Dwrite;
        public readonly delegate* unmanaged<long, int> H5Dclose;
        public readonly delegate* unmanaged<int, ulong*, ulong*, long> H5Screate_simple;
        public readonly delegate* unmanaged<long, int> H5Sget_simple_extent_ndims;
        public readonly delegate* unmanaged<long, ulong*, ulong*, int> H5Sget_simple_extent_dims;
        public readonly delegate* unmanaged<long, int> H5Sclose;
        public readonly delegate* unmanaged<long, int> H5Tget_class;
        public readonly delegate* unmanaged<long, nuint> H5Tget_size;
        public readonly delegate* unmanaged<long, int> H5Tclose;
        public readonly long NativeFloat;
        public readonly long NativeDouble;
        public readonly long NativeInt32;
        public readonly long NativeInt64;

        public Api(IntPtr library)
        {
            IntPtr F(string name) => NativeLibrary.GetExport(library, name);
            H5open = (delegate* unmanaged<int>)F("H5open");
            H5Eset_auto2 = (delegate* unmanaged<long, IntPtr, IntPtr, int>)F("H5Eset_auto2");
            H5Fopen = (delegate* unmanaged<byte*, uint, long, long>)F("H5Fopen");
            H5Fcreate = (delegate* unmanaged<byte*, uint, long, long, long>)F("H5Fcreate");
            H5Fclose = (delegate* unmanaged<long, int>)F("H5Fclose");
            H5Gcreate2 = (delegate* unmanaged<long, byte*, long, long, long, long>)F("H5Gcreate2");
            H5Gclose = (delegate* unmanaged<long, int>)F("H5Gclose");
            H5Lexists = (delegate* unmanaged<long, byte*, long, int>)F("H5Lexists");
            H5Dopen2 = (delegate* unmanaged<long, byte*, long, long>)F("H5Dopen2");
            H5Dcreate2 = (delegate* unmanaged<long, byte*, long, long, long, long, long, long>)F("H5Dcreate2");
            H5Dget_space = (delegate* unmanaged<long, long>)F("H5Dget_space");
            H5Dget_type = (delegate* unmanaged<long, long>)F("H5Dget_type");
            H5Dread = (delegate* unmanaged<long, long, long, long, long, void*, int>)F("H5Dread");
            H5Dwrite = (delegate* unmanaged<long, long, long, long, long, void*, int>)F("H5Dwrite");
            H5Dclose = (delegate* unmanaged<long, int>)F("H5Dclose");
            H5Screate_simple = (delegate* unmanaged<int, ulong*, ulong*, long>)F("H5Screate_simple");
            H5Sget_simple_extent_ndims = (delegate* unmanaged<long, int>)F("H5Sget_simple_extent_ndims");
            H5Sget_simple_extent_dims = (delegate* unmanaged<long, ulong*, ulong*, int>)F("H5Sget_simple_extent_dims");
            H5Sclose = (delegate* unmanaged<long, int>)F("H5Sclose");
            H5Tget_class = (delegate* unmanaged<long, int>)F("H5Tget_class");
            H5Tget_size = (delegate* unmanaged<long, nuint>)F("H5Tget_size");
            H5Tclose = (delegate* unmanaged<long, int>)F("H5Tclose");
            if (H5open() < 0)
            {
                throw new Hdf5UnavailableException("H5open failed: the HDF5 library did not initialise");
            }

            // Errors are reported through return codes and our exceptions, not printed by the library.
            H5Eset_auto2(0, IntPtr.Zero, IntPtr.Zero);
            NativeFloat = *(long*)F("H5T_NATIVE_FLOAT_g");
            NativeDouble = *(long*)F("H5T_NATIVE_DOUBLE_g");
            NativeInt32 = *(long*)F("H5T_NATIVE_INT_g");
            NativeInt64 = *(long*)F("H5T_NATIVE_LLONG_g");
        }
    }
}
