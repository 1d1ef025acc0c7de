using Facebench.PythonData.Numpy;

namespace Facebench.PythonData.Pickle;

/// <summary>
/// The allow-list of Python globals a pickle may name. Loading a pickle in Python imports and calls whatever it
/// names; this reader instead maps a fixed set of names to .NET constructions and rejects everything else with the
/// class named (<see cref="UnsupportedPickleClassException"/>), so a model file can never make it run code.
/// Both NumPy 1 (<c>numpy.core</c>) and NumPy 2 (<c>numpy._core</c>) spellings, Python 2 (<c>__builtin__</c>,
/// <c>copy_reg</c>) and Python 3 module names, and the old and new scipy.sparse module paths are accepted.
/// </summary>
internal static class PickleGlobals
{
    private static readonly Dictionary<string, PyGlobalKind> Known = Build();

    /// <summary>Element dtypes of PyTorch's legacy storage classes.</summary>
    public static readonly IReadOnlyDictionary<string, NpyDType> TorchStorageTypes = new Dictionary<string, NpyDType>(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = new('f', 8, false),
        ["FloatStorage"] = new('f', 4, false),
        ["HalfStorage"] = new('f', 2, false),
        ["LongStorage"] = new('i', 8, false),
        ["IntStorage"] = new('i', 4, false),
        ["ShortStorage"] = new('i', 2, false),
        ["CharStorage"] = new('i', 1, false),
        ["ByteStorage"] = new('u', 1, false),
        ["BoolStorage"] = new('b', 1, false),
    };

    /// <summary>Resolves a global or throws naming it.</summary>
    public static PyGlobal Resolve(string module, string name, string? source)
    {
        module = module switch
        {
            "__builtin__" => "builtins",
            "copy_reg" => "copyreg",
            _ => module,
        };

        if (Known.TryGetValue($"{module}.{name}", out PyGlobalKind kind))
        {
            return new PyGlobal(module, name, kind);
        }

        if (module == "torch" && TorchStorageTypes.ContainsKey(name))
        {
            return new PyGlobal(module, name, PyGlobalKind.TorchStorageType);
        }

        throw new UnsupportedPickleClassException(module, name, source);
    }

    private static Dictionary<string, PyGlobalKind> Build()
    {
        var known = new Dictionary<string, PyGlobalKind>(StringComparer.Ordinal);
        foreach (string core in new[] { "numpy.core", "numpy._core" })
        {
            known[$"{core}.multiarray._reconstruct"] = PyGlobalKind.NumpyReconstruct;
            known[$"{core}.multiarray.scalar"] = PyGlobalKind.NumpyScalar;
            known[$"{core}.numeric._frombuffer"] = PyGlobalKind.NumpyFromBuffer;
        }

        known["numpy.ndarray"] = PyGlobalKind.NumpyArrayClass;
        known["numpy.matrixlib.defmatrix.matrix"] = PyGlobalKind.NumpyArrayClass;
        known["numpy.dtype"] = PyGlobalKind.NumpyDType;
        known["chumpy.ch.Ch"] = PyGlobalKind.ChumpyCh;
        foreach (string format in new[] { "csc", "csr", "coo" })
        {
            known[$"scipy.sparse.{format}.{format}_matrix"] = PyGlobalKind.ScipySparse;
            known[$"scipy.sparse._{format}.{format}_matrix"] = PyGlobalKind.ScipySparse;
            known[$"scipy.sparse._{format}.{format}_array"] = PyGlobalKind.ScipySparse;
        }

        known["builtins.set"] = PyGlobalKind.Set;
        known["builtins.frozenset"] = PyGlobalKind.Set;
        known["builtins.object"] = PyGlobalKind.Object;
        known["collections.OrderedDict"] = PyGlobalKind.OrderedDict;
        known["copyreg._reconstructor"] = PyGlobalKind.CopyregReconstructor;
        known["_codecs.encode"] = PyGlobalKind.CodecsEncode;
        known["torch._utils._rebuild_tensor_v2"] = PyGlobalKind.TorchRebuildTensor;
        known["torch._utils._rebuild_tensor"] = PyGlobalKind.TorchRebuildTensor;
        known["torch.storage._load_from_bytes"] = PyGlobalKind.TorchLoadFromBytes;
        return known;
    }
}
