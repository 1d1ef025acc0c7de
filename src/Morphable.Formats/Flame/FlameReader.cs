using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Articulated;
using Facebench.PythonData;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.Morphable.Formats.Flame;

/// <summary>
/// Reads FLAME (Li et al. 2017, "Learning a model of facial shape and expression from 4D scans", SIGGRAPH Asia) from
/// the files its authors publish — FLAME 2020 <c>generic_model.pkl</c> (a Python 2 pickle whose arrays are NumPy
/// arrays or chumpy <c>Ch</c> wrappers and whose joint regressor is a <c>scipy.sparse.csc_matrix</c>), FLAME 2023
/// <c>flame2023.pkl</c> (Python 3, plain arrays) — and from the common <c>.npz</c> conversions with the same keys.
/// <para>
/// Keys: <c>v_template</c> (N×3), <c>shapedirs</c> (N×3×K: identity then expression components, already scaled so
/// that coefficients are in σ units), <c>posedirs</c> (N×3×9(J−1), or its transposed (9(J−1))×3N reshaping),
/// <c>J_regressor</c> (J×N, sparse or dense), <c>kintree_table</c> (2×J: parents in row 0, the root's as 2³²−1),
/// <c>weights</c> (N×J), <c>f</c> (F×3). FLAME is in metres. Separate expression bases (<c>exprdirs</c> or
/// <c>expressiondirs</c>, N×3×K_exp) in some conversions are honoured.
/// </para>
/// </summary>
public static class FlameReader
{
    /// <summary>FLAME's joints in order (the pose vector is global, neck, jaw, then the two eyes), smplx's names.</summary>
    public static readonly IReadOnlyList<string> FlameJointNames = ["global", "neck", "jaw", "left_eye", "right_eye"];

    /// <summary>Reads a FLAME model file (.pkl or .npz) and, optionally, its landmark embedding.</summary>
    /// <exception cref="PluginInputException">A file is missing, malformed, or lacks a FLAME field (named).</exception>
    public static ArticulatedMorphableModel Read(string path, FlameReadOptions? options = null)
    {
        options ??= new FlameReadOptions();
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected a FLAME model (.pkl or .npz)", path);
        }

        Func<string, object?> field = OpenFields(path);
        object? Required(string key) => field(key) ?? throw new PluginInputException($"field '{key}' is missing; expected a FLAME model with v_template, shapedirs, posedirs, J_regressor, kintree_table, weights and f", path);
        NdArray Array(string key, int rank) => Checked(PyValue.AsArray(Required(key), key), key, rank, path);

        NdArray template = Array("v_template", 2);
        int n = template.Shape[0];
        Expect(template.Shape[1] == 3, path, $"field 'v_template' has shape {template.ShapeText}; expected (N, 3)");
        float[] mean = template.ToSingleArray();

        NdArray shapedirs = Array("shapedirs", 3);
        Expect(shapedirs.Shape[0] == n && shapedirs.Shape[1] == 3, path, $"field 'shapedirs' has shape {shapedirs.ShapeText}; expected ({n}, 3, K)");
        int total = shapedirs.Shape[2];
        object? separateExpressions = field("exprdirs") ?? field("expressiondirs");
        int kid = separateExpressions is not null ? total : options.FileIdentityComponents ?? (total > FlameReadOptions.PublishedIdentityComponents ? FlameReadOptions.PublishedIdentityComponents : total);
        Expect(kid >= 0 && kid <= total, path, $"{kid} identity components requested but 'shapedirs' has {total}");
        float[] all = shapedirs.ToSingleArray();
        float[] identity = Columns(all, 3 * n, total, 0, kid);
        float[] expression;
        int kexp;
        if (separateExpressions is not null)
        {
            NdArray exp = Checked(PyValue.AsArray(separateExpressions, "exprdirs"), "exprdirs", 3, path);
            Expect(exp.Shape[0] == n && exp.Shape[1] == 3, path, $"field 'exprdirs' has shape {exp.ShapeText}; expected ({n}, 3, K_exp)");
            kexp = exp.Shape[2];
            expression = exp.ToSingleArray();
        }
        else
        {
            kexp = total - kid;
            expression = Columns(all, 3 * n, total, kid, kexp);
        }

        NdArray kintree = Array("kintree_table", 2);
        Expect(kintree.Shape[0] == 2, path, $"field 'kintree_table' has shape {kintree.ShapeText}; expected (2, J)");
        int joints = kintree.Shape[1];
        long[] tree = kintree.ToInt64Array();
        int[] parents = new int[joints];
        for (int j = 0; j < joints; j++)
        {
            long p = tree[j];
            parents[j] = j == 0 || p is < 0 or >= uint.MaxValue ? -1 : (int)p;
        }

        NdArray weights = Array("weights", 2);
        Expect(weights.Shape[0] == n && weights.Shape[1] == joints, path, $"field 'weights' has shape {weights.ShapeText}; expected ({n}, {joints})");

        NdArray posedirs = Array("posedirs", -1);
        int features = 9 * (joints - 1);
        float[] poseBasis;
        if (posedirs.Rank == 3 && posedirs.Shape[0] == n && posedirs.Shape[1] == 3 && posedirs.Shape[2] == features)
        {
            poseBasis = posedirs.ToSingleArray();
        }
        else if (posedirs.Rank == 2 && posedirs.Shape[0] == features && posedirs.Shape[1] == 3 * n)
        {
            // FLAME_PyTorch's buffer layout: reshape(-1, P).T.
            poseBasis = Columns(Transpose(posedirs.ToSingleArray(), features, 3 * n), 3 * n, features, 0, features);
        }
        else
        {
            throw new PluginInputException($"field 'posedirs' has shape {posedirs.ShapeText}; expected ({n}, 3, {features}) for {joints} joints", path);
        }

        SparseMatrix regressor;
        try
        {
            regressor = PyValue.AsSparse(Required("J_regressor"), "J_regressor");
        }
        catch (PythonDataException e)
        {
            throw new PluginInputException(e.Message, path, e);
        }

        Expect(regressor.Rows == joints && regressor.Columns == n, path, $"field 'J_regressor' is ({regressor.Rows}, {regressor.Columns}); expected ({joints}, {n})");
        NdArray faces = Array("f", 2);
        Expect(faces.Shape[1] == 3, path, $"field 'f' has shape {faces.ShapeText}; expected (F, 3)");
        int[] triangles = faces.ToInt32Array();

        (LandmarkEmbedding landmarks, YawContourTable? contour) = options.LandmarkEmbeddingPath is null
            ? (new LandmarkEmbedding(Enumerable.Repeat(LandmarkBinding.None, LandmarkEmbedding.IbugCount).ToArray(), [], [], [], []), null)
            : FlameLandmarkEmbedding.Read(options.LandmarkEmbeddingPath, options.DynamicEmbeddingPath, triangles, n);

        string name = $"FLAME ({Path.GetFileName(path)}, {kid} identity + {kexp} expression components)";
        try
        {
            var linear = new LinearMorphableModel(name, 1000, mean, identity, Ones(kid), expression, Ones(kexp), triangles, [], landmarks);
            (int, int, double)[] entries = [.. Enumerable.Range(0, regressor.Values.Length).Select(e => (regressor.RowIndices[e], regressor.ColumnIndices[e], regressor.Values[e]))];
            IReadOnlyList<string> names = joints == FlameJointNames.Count ? FlameJointNames : [.. Enumerable.Range(0, joints).Select(j => $"joint{j}")];
            return new ArticulatedMorphableModel(linear, names, parents, entries, weights.ToSingleArray(), poseBasis, contour);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the FLAME model is inconsistent: {e.Message}", path, e);
        }
    }

    /// <summary>A lookup of the file's top-level fields: the pickled dict of a .pkl, or the arrays of an .npz.</summary>
    private static Func<string, object?> OpenFields(string path)
    {
        using (FileStream probe = File.OpenRead(path))
        {
            if (probe.ReadByte() == 'P' && probe.ReadByte() == 'K')
            {
                IReadOnlyDictionary<string, NdArray> arrays = NpzReader.Read(path);
                return key => arrays.TryGetValue(key, out NdArray? a) ? a : null;
            }
        }

        object? root = PickleReader.ReadFile(path);
        if (root is NdArray { DType.IsObject: true } wrapped)
        {
            root = wrapped.Item();
        }

        PyDict dict = root as PyDict ?? throw new PluginInputException($"the pickle holds a {PyValue.Describe(root)}; expected a FLAME model dict", path);
        return key => dict.TryGetValue(key, out object? v) ? v : null;
    }

    private static NdArray Checked(NdArray array, string key, int rank, string path) =>
        rank < 0 || array.Rank == rank ? array : throw new PluginInputException($"field '{key}' has shape {array.ShapeText}; expected {rank} dimensions", path);

    private static void Expect(bool condition, string path, string message)
    {
        if (!condition)
        {
            throw new PluginInputException(message, path);
        }
    }

    /// <summary>Columns [from, from + count) of a row-major [rows × columns] matrix.</summary>
    internal static float[] Columns(float[] matrix, int rows, int columns, int from, int count)
    {
        if (from == 0 && count == columns)
        {
            return matrix;
        }

        var result = new float[rows * count];
        for (int r = 0; r < rows; r++)
        {
            System.Array.Copy(matrix, (r * columns) + from, result, r * count, count);
        }

        return result;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = matrix[(r * columns) + c];
            }
        }

        return result;
    }

    private static float[] Ones(int count)
    {
        var ones = new float[count];
        System.Array.Fill(ones, 1f);
        return ones;
    }
}
