using System.Numerics;
using System.Runtime.InteropServices;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.PythonData;

/// <summary>
/// Typed access to the values a pickle or .npy file produced (<see cref="PickleReader"/>): each accessor checks the
/// Python type and throws <see cref="PythonDataException"/> naming the field and what was expected otherwise.
/// Arrays are accepted in the forms model files use: a NumPy array, a <c>chumpy.ch.Ch</c> wrapping one (its
/// <c>x</c> attribute), a PyTorch tensor (already converted), a list of equally shaped arrays (stacked on a new first
/// axis), or a flat list of numbers.
/// </summary>
public static class PyValue
{
    private const int MaxStackDepth = 8;

    /// <summary>A short Python-style type name for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        PyBytes { IsPython2Str: true } => "str (Python 2)",
        PyBytes => "bytes",
        PyTuple t => $"tuple of {t.Count}",
        List<object?> l => $"list of {l.Count}",
        PyDict d => $"dict of {d.Count}",
        PySet => "set",
        NdArray a => $"ndarray {a.DType} {a.ShapeText}",
        SparseMatrix m => $"sparse matrix ({m.Rows}, {m.Columns})",
        PyObject o => o.Type.ToString(),
        PyGlobal g => $"reference to {g}",
        _ => value.GetType().Name,
    };

    /// <summary>The value as a dict.</summary>
    public static PyDict AsDict(object? value, string what) =>
        value as PyDict ?? throw new PythonDataException($"{what} is a {Describe(value)}; expected a dict");

    /// <summary>A required entry of a dict.</summary>
    public static object? Field(PyDict dict, string key, string what) =>
        dict.TryGetValue(key, out object? v) ? v : throw new PythonDataException($"{what} has no '{key}' entry; it has: {string.Join(", ", dict.Keys)}");

    /// <summary>The value as text (str, or a Python 2 str read as Latin-1).</summary>
    public static string AsString(object? value, string what) => value switch
    {
        string s => s,
        PyBytes b => b.AsLatin1(),
        _ => throw new PythonDataException($"{what} is a {Describe(value)}; expected a string"),
    };

    /// <summary>The value as a 64-bit integer (int, bool, or a one-element integer array).</summary>
    public static long AsInt64(object? value, string what) => value switch
    {
        long v => v,
        bool b => b ? 1 : 0,
        BigInteger big when big >= long.MinValue && big <= long.MaxValue => (long)big,
        NdArray { Count: 1 } a => a.ToInt64Array()[0],
        _ => throw new PythonDataException($"{what} is a {Describe(value)}; expected an integer"),
    };

    /// <summary>The value as a 32-bit integer.</summary>
    public static int AsInt32(object? value, string what)
    {
        long v = AsInt64(value, what);
        return v is >= int.MinValue and <= int.MaxValue ? (int)v : throw new PythonDataException($"{what} is {v}; expected a 32-bit integer");
    }

    /// <summary>The value as a number.</summary>
    public static double AsDouble(object? value, string what) => value switch
    {
        double d => d,
        long v => v,
        bool b => b ? 1 : 0,
        BigInteger big => (double)big,
        NdArray { Count: 1 } a => a.ToDoubleArray()[0],
        _ => throw new PythonDataException($"{what} is a {Describe(value)}; expected a number"),
    };

    /// <summary>The value as a NumPy array (see the class remarks for the accepted forms).</summary>
    public static NdArray AsArray(object? value, string what) => AsArray(value, what, 0);

    /// <summary>The value as a sparse matrix: a pickled scipy.sparse matrix, or a dense 2-D array (converted).</summary>
    public static SparseMatrix AsSparse(object? value, string what)
    {
        if (value is PyObject { Type.Kind: PyGlobalKind.ScipySparse } sparse)
        {
            try
            {
                return SparseMatrix.FromScipy(sparse);
            }
            catch (PythonDataException e)
            {
                throw new PythonDataException($"{what}: {e.Message}", null, e);
            }
        }

        NdArray dense = AsArray(value, what);
        if (dense.Rank != 2)
        {
            throw new PythonDataException($"{what} is an array of shape {dense.ShapeText}; expected a matrix (2-D array or scipy.sparse matrix)");
        }

        double[] values = dense.ToDoubleArray();
        int rows = dense.Shape[0], columns = dense.Shape[1];
        var r = new List<int>();
        var c = new List<int>();
        var v = new List<double>();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double x = values[(i * columns) + j];
                if (x != 0)
                {
                    r.Add(i);
                    c.Add(j);
                    v.Add(x);
                }
            }
        }

        return new SparseMatrix(rows, columns, [.. r], [.. c], [.. v]);
    }

    private static NdArray AsArray(object? value, string what, int depth)
    {
        switch (value)
        {
            case NdArray array:
                return array;
            case PyObject { Type.Kind: PyGlobalKind.ChumpyCh } ch:
                // chumpy's Ch.__getstate__ is the instance __dict__ minus caches; the wrapped value is 'x'.
                PyDict? state = ch.StateDict;
                if (state is null || !state.TryGetValue("x", out object? x))
                {
                    throw new PythonDataException($"{what} is a chumpy.ch.Ch without the wrapped array 'x'");
                }

                return depth < MaxStackDepth ? AsArray(x, what, depth + 1) : throw new PythonDataException($"{what}: chumpy wrappers nested too deeply");
            case PyObject { Type.Kind: PyGlobalKind.ScipySparse } sparse:
                SparseMatrix m = AsSparse(sparse, what);
                double[] dense = m.ToDense();
                return new NdArray([m.Rows, m.Columns], new NpyDType('f', 8, false), false, MemoryMarshal.AsBytes(dense.AsSpan()).ToArray());
            case List<object?> list:
                return Stack(list, what, depth);
            case PyTuple tuple:
                return Stack(tuple.Items, what, depth);
            case double or long or bool:
                return FromDoubles([AsDouble(value, what)], []);
            default:
                throw new PythonDataException($"{what} is a {Describe(value)}; expected a NumPy array");
        }
    }

    /// <summary>A list of numbers (1-D) or of equally shaped arrays (stacked on a new first axis), as float64.</summary>
    private static NdArray Stack(IReadOnlyList<object?> items, string what, int depth)
    {
        if (depth >= MaxStackDepth)
        {
            throw new PythonDataException($"{what}: nested lists too deep to be an array");
        }

        if (items.Count == 0)
        {
            return FromDoubles([], [0]);
        }

        if (items.All(i => i is double or long or bool))
        {
            return FromDoubles([.. items.Select(i => AsDouble(i, what))], [items.Count]);
        }

        var parts = new NdArray[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            parts[i] = AsArray(items[i], $"{what}[{i}]", depth + 1);
            if (!parts[i].Shape.SequenceEqual(parts[0].Shape))
            {
                throw new PythonDataException($"{what}: element {i} has shape {parts[i].ShapeText} but element 0 has {parts[0].ShapeText}; expected equally shaped arrays");
            }
        }

        long total = (long)parts[0].Count * parts.Length;
        if (total > Array.MaxLength)
        {
            throw new PythonDataException($"{what}: the stacked array is too large");
        }

        var values = new double[total];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i].ToDoubleArray().CopyTo(values, (long)i * parts[0].Count);
        }

        return FromDoubles(values, [parts.Length, .. parts[0].Shape]);
    }

    private static NdArray FromDoubles(double[] values, int[] shape) =>
        new(shape, new NpyDType('f', 8, false), false, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
