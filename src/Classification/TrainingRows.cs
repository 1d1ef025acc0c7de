using System.Collections;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Facebench.Classification;

/// <summary>
/// Labelled, weighted feature rows as an ML.NET data view: a fixed-size float vector column, the label as a key
/// (ML.NET's enumerable loader takes a key field as the 0-based index into the class list, so ML.NET's class order
/// is ours) and the example weight. It counts the passes
/// ML.NET makes over the rows (every cursor is one).
/// </summary>
internal sealed class TrainingRows : IEnumerable<TrainingRows.Row>
{
    private readonly Row[] _rows;
    private readonly int _classCount;

    private TrainingRows(Row[] rows, int dimension, int classCount, double totalWeight)
    {
        _rows = rows;
        Dimension = dimension;
        _classCount = classCount;
        TotalWeight = totalWeight;
    }

    /// <summary>Feature count.</summary>
    public int Dimension { get; }

    /// <summary>Σ of the example weights.</summary>
    public double TotalWeight { get; }

    /// <summary>Passes made over the rows so far.</summary>
    public int Passes { get; private set; }

    /// <summary>Makes the rows; <paramref name="classes"/> gives the key of each label.</summary>
    public static TrainingRows Build(IReadOnlyList<double[]> x, IReadOnlyList<string> y, IReadOnlyList<double>? weights, IReadOnlyList<string> classes)
    {
        var key = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => (uint)t.i, StringComparer.Ordinal);
        var rows = new Row[x.Count];
        double total = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            float weight = weights is null ? 1f : (float)weights[i];
            rows[i] = new Row { Features = ToSingle(x[i]), Label = key[y[i]], Weight = weight };
            total += weight;
        }

        if (!(total > 0))
        {
            throw new UntrainableDataException("all sample weights are zero: nothing to train on.");
        }

        return new TrainingRows(rows, x[0].Length, classes.Count, total);
    }

    /// <summary>
    /// The rows, followed by each row once per class c with label c and weight <paramref name="scale"/>·w·q_c: the
    /// soft labels <paramref name="soft"/> as weighted hard rows (their weighted log-loss is the cross-entropy to q).
    /// </summary>
    public static TrainingRows WithSoftLabels(IReadOnlyList<double[]> x, IReadOnlyList<string> y, IReadOnlyList<double>? weights, IReadOnlyList<string> classes, IReadOnlyList<double[]> soft, double scale)
    {
        int n = x.Count, k = classes.Count;
        var rowsX = new List<double[]>(n * (k + 1));
        var rowsY = new List<string>(n * (k + 1));
        var rowsW = new List<double>(n * (k + 1));
        for (int i = 0; i < n; i++)
        {
            rowsX.Add(x[i]);
            rowsY.Add(y[i]);
            rowsW.Add(weights?[i] ?? 1);
        }

        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                rowsX.Add(x[i]);
                rowsY.Add(classes[c]);
                rowsW.Add(scale * (weights?[i] ?? 1) * soft[i][c]);
            }
        }

        return Build(rowsX, rowsY, rowsW, classes);
    }

    /// <summary>Unlabelled rows for prediction.</summary>
    public static IDataView Features(MLContext ml, IReadOnlyList<double[]> x, int dimension)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return ml.Data.LoadFromEnumerable(x.Select(r => new FeatureRow { Features = ToSingle(r) }), schema);
    }

    /// <summary>Throws <see cref="UntrainableDataException"/> naming the first row that cannot be trained on.</summary>
    public static void Check(IReadOnlyList<double[]> x, IReadOnlyList<string> y, IReadOnlyList<double>? weights, int? expectedDimension)
    {
        if (x.Count == 0)
        {
            throw new UntrainableDataException("no training rows.");
        }

        if (x.Count != y.Count || (weights is not null && weights.Count != x.Count))
        {
            throw new UntrainableDataException($"{x.Count} feature rows but {y.Count} labels{(weights is null ? "" : $" and {weights.Count} weights")}.");
        }

        int d = expectedDimension ?? x[0].Length;
        if (d == 0)
        {
            throw new UntrainableDataException("the feature rows are empty.");
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].Length != d)
            {
                throw new UntrainableDataException($"row {i} has {x[i].Length} features; expected {d}.");
            }

            if (x[i].Any(v => !double.IsFinite(v) || !float.IsFinite((float)v)))
            {
                throw new UntrainableDataException($"row {i} has a NaN or infinite feature (or one beyond single precision).");
            }

            if (weights is not null && (!(weights[i] >= 0) || !double.IsFinite(weights[i])))
            {
                throw new UntrainableDataException($"row {i} has weight {weights[i]}; weights must be finite and non-negative.");
            }
        }
    }

    /// <summary>
    /// These rows with their features passed once through <paramref name="transform"/> (the standardisation), so that
    /// L-BFGS's many passes read ready rows instead of transforming every row again on every pass.
    /// </summary>
    public TrainingRows Transformed(MLContext ml, ITransformer transform)
    {
        IDataView transformed = transform.Transform(View(ml));
        DataViewSchema.Column column = transformed.Schema[nameof(Row.Features)];
        var rows = new Row[_rows.Length];
        using (DataViewRowCursor cursor = transformed.GetRowCursor([column]))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> buffer = default;
            for (int i = 0; cursor.MoveNext(); i++)
            {
                getter(ref buffer);
                rows[i] = new Row { Features = buffer.DenseValues().ToArray(), Label = _rows[i].Label, Weight = _rows[i].Weight };
            }
        }

        return new TrainingRows(rows, Dimension, _classCount, TotalWeight);
    }

    /// <summary>The rows as a data view with the label as a key over the classes.</summary>
    public IDataView View(MLContext ml)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), _classCount);
        return ml.Data.LoadFromEnumerable(this, schema);
    }

    /// <inheritdoc />
    public IEnumerator<Row> GetEnumerator()
    {
        Passes++;
        return ((IEnumerable<Row>)_rows).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static float[] ToSingle(double[] row) => [.. row.Select(v => (float)v)];

    /// <summary>One training row as ML.NET reads it.</summary>
    internal sealed class Row
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }

        public float Weight { get; set; }
    }

    /// <summary>One row to predict.</summary>
    internal sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
