using Facebench.Contracts;

namespace Facebench.Hdf5;

/// <summary>An HDF5 file that cannot be read as expected: not HDF5, a dataset missing, of the wrong rank or type.</summary>
public class Hdf5Exception(string message, string? path = null, Exception? inner = null) : PluginInputException(message, path, inner)
{
}

/// <summary>The HDF5 C library is not installed; the message names the Debian package that provides it.</summary>
public sealed class Hdf5UnavailableException(string message) : Hdf5Exception(message)
{
    /// <summary>The Debian package that provides the library on the project's reference system (Debian 12).</summary>
    public const string DebianPackage = "libhdf5-103-1";
}
