namespace Facebench.PythonData.Pickle;

/// <summary>
/// A sparse matrix from a pickled <c>scipy.sparse</c> CSC, CSR or COO matrix, converted to coordinate triplets. The
/// attribute layout is scipy's (the instance <c>__dict__</c>): CSC/CSR keep <c>data</c>, <c>indices</c>,
/// <c>indptr</c> and <c>_shape</c> (compressed columns or rows: the entries of column j of a CSC matrix are
/// <c>data[indptr[j]:indptr[j+1]]</c> at rows <c>indices[…]</c>); COO keeps <c>data</c>, <c>row</c>, <c>col</c>
/// (scipy ≥ 1.13: <c>coords</c>). Duplicate entries add up, as in scipy.
/// </summary>
public sealed class SparseMatrix
{
    /// <summary>Creates a matrix from triplets (checked against the shape).</summary>
    public SparseMatrix(int rows, int columns, int[] rowIndices, int[] columnIndices, double[] values)
    {
        if (rows < 0 || columns < 0 || rowIndices.Length != values.Length || columnIndices.Length != values.Length)
        {
            throw new PythonDataException($"sparse matrix of shape ({rows}, {columns}) with {rowIndices.Length} row indices, {columnIndices.Length} column indices and {values.Length} values; expected one index pair per value");
        }

        for (int i = 0; i < values.Length; i++)
        {
            if ((uint)rowIndices[i] >= (uint)rows || (uint)columnIndices[i] >= (uint)columns)
            {
                throw new PythonDataException($"sparse matrix entry {i} at ({rowIndices[i]}, {columnIndices[i]}) is outside the shape ({rows}, {columns})");
            }
        }

        Rows = rows;
        Columns = columns;
        RowIndices = rowIndices;
        ColumnIndices = columnIndices;
        Values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Row of each stored entry.</summary>
    public int[] RowIndices { get; }

    /// <summary>Column of each stored entry.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Value of each stored entry.</summary>
    public double[] Values { get; }

    /// <summary>The dense matrix, row-major (allocates rows × columns doubles).</summary>
    public double[] ToDense()
    {
        long size = (long)Rows * Columns;
        if (size > Array.MaxLength)
        {
            throw new PythonDataException($"a dense ({Rows}, {Columns}) matrix is too large");
        }

        var dense = new double[size];
        for (int i = 0; i < Values.Length; i++)
        {
            dense[((long)RowIndices[i] * Columns) + ColumnIndices[i]] += Values[i];
        }

        return dense;
    }

    /// <summary>Converts a pickled scipy.sparse instance.</summary>
    internal static SparseMatrix FromScipy(PyObject instance)
    {
        string what = instance.Type.ToString();
        PyDict state = instance.StateDict ?? throw new PythonDataException($"a pickled {what} has no attribute dict");
        object? shapeValue = state.TryGetValue("_shape", out object? s) ? s : state.TryGetValue("shape", out s) ? s : null;
        if (shapeValue is not PyTuple { Count: 2 } shape)
        {
            throw new PythonDataException($"a pickled {what} lacks its shape ('_shape' as a pair of integers)");
        }

        int rows = PyValue.AsInt32(shape[0], $"{what} shape"), columns = PyValue.AsInt32(shape[1], $"{what} shape");
        double[] data = PyValue.AsArray(Field(state, "data", what), $"{what}.data").ToDoubleArray();
        string name = instance.Type.Name;
        if (name.StartsWith("coo", StringComparison.Ordinal))
        {
            int[] r, c;
            if (state.TryGetValue("coords", out object? coords) && coords is PyTuple { Count: 2 } pair)
            {
                r = PyValue.AsArray(pair[0], $"{what}.coords").ToInt32Array();
                c = PyValue.AsArray(pair[1], $"{what}.coords").ToInt32Array();
            }
            else
            {
                r = PyValue.AsArray(Field(state, "row", what), $"{what}.row").ToInt32Array();
                c = PyValue.AsArray(Field(state, "col", what), $"{what}.col").ToInt32Array();
            }

            return new SparseMatrix(rows, columns, r, c, data);
        }

        bool byColumn = name.StartsWith("csc", StringComparison.Ordinal);
        int[] indices = PyValue.AsArray(Field(state, "indices", what), $"{what}.indices").ToInt32Array();
        int[] indptr = PyValue.AsArray(Field(state, "indptr", what), $"{what}.indptr").ToInt32Array();
        int major = byColumn ? columns : rows;
        if (indptr.Length != major + 1 || indptr[0] != 0 || indptr[major] != data.Length || indices.Length != data.Length)
        {
            throw new PythonDataException($"a pickled {what} has {indptr.Length} index pointers, {indices.Length} indices and {data.Length} values; expected {major + 1} pointers from 0 to the number of values");
        }

        var rowIndex = new int[data.Length];
        var columnIndex = new int[data.Length];
        for (int m = 0; m < major; m++)
        {
            if (indptr[m + 1] < indptr[m] || indptr[m + 1] > data.Length)
            {
                throw new PythonDataException($"a pickled {what} has index pointer {indptr[m + 1]} at {m + 1}; expected non-decreasing pointers within 0..{data.Length}");
            }

            for (int k = indptr[m]; k < indptr[m + 1]; k++)
            {
                (rowIndex[k], columnIndex[k]) = byColumn ? (indices[k], m) : (m, indices[k]);
            }
        }

        return new SparseMatrix(rows, columns, rowIndex, columnIndex, data);
    }

    private static object? Field(PyDict state, string key, string what) =>
        state.TryGetValue(key, out object? v) ? v : throw new PythonDataException($"a pickled {what} lacks the attribute '{key}'");
}
