using Facebench.Contracts;

namespace Facebench.PythonData;

/// <summary>
/// A Python-made file (.npy, .npz, pickle) that cannot be read: truncated, malformed, of an unsupported dtype, or
/// naming a class outside the reader's allow-list. The message names the file (when known), the field or offset,
/// and what was expected. Derives from <see cref="PluginInputException"/> so plugins can let it through as a
/// user-fixable input error.
/// </summary>
public class PythonDataException : PluginInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="path">The file, when known.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public PythonDataException(string message, string? path = null, Exception? inner = null)
        : base(message, path, inner)
    {
    }
}

/// <summary>A pickle names a class (or function) that the reader does not construct.</summary>
public sealed class UnsupportedPickleClassException : PythonDataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="module">The Python module, e.g. <c>sklearn.decomposition._pca</c>.</param>
    /// <param name="name">The class or function name, e.g. <c>PCA</c>.</param>
    /// <param name="path">The file, when known.</param>
    public UnsupportedPickleClassException(string module, string name, string? path = null)
        : base($"the pickle refers to the class '{module}.{name}', which this reader does not construct; expected only dicts, lists, tuples, strings, numbers, NumPy arrays, chumpy.ch.Ch wrappers, scipy.sparse matrices and PyTorch tensors", path)
    {
        Module = module;
        Name = name;
    }

    /// <summary>The Python module of the class.</summary>
    public string Module { get; }

    /// <summary>The class name.</summary>
    public string Name { get; }

    /// <summary>The dotted name, <c>module.name</c>.</summary>
    public string QualifiedName => $"{Module}.{Name}";
}
