using Facebench.Contracts;

namespace Facebench.Hdf5;

/// <summary>
/// An HDF5 file that cannot be read as expected: missing, not HDF5, cut short, or a dataset missing, of the wrong
/// kind or type. The message names the file (and the dataset, where one is at fault).
/// </summary>
public sealed class Hdf5Exception(string message, string path, Exception? inner = null) : PluginInputException(message, path, inner)
{
}
