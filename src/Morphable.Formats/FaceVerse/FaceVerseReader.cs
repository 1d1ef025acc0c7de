using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.PythonData;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.Morphable.Formats.FaceVerse;

/// <summary>
/// Reads FaceVerse (Wang et al. 2022, "FaceVerse: a Fine-grained and Detail-controllable 3D Face Morphable Model from
/// a Hybrid Dataset", CVPR) from its published model dictionaries: a NumPy <c>.npy</c> holding one pickled dict (what
/// <c>np.save</c> writes for a dict; FaceVerse's code reads it with <c>np.load(..., allow_pickle=True).item()</c>).
/// <para>
/// Keys used: <c>meanshape</c> (3N values, as (1, 3N) or (N, 3)), <c>idBase</c> (3N × K_id), <c>exBase</c>
/// (3N × K_exp), <c>tri</c> (T × 3, 0-based; 1-based files are detected), and <c>keypoints</c> (68 vertex indices in
/// iBUG order) when present. The v1/v2 dictionaries are y-up and face +z; the v3 dictionaries (recognised by
/// <c>ver_inds</c>) have y and z negated, which FaceVerse v3's own loader flips back, as done here. Bases are used as
/// stored (σ = 1: FaceVerse's fitting code regularises raw coefficients). The length unit is not stated; it is
/// inferred from the mean face's width (<see cref="ModelUnits"/>) unless given.
/// </para>
/// </summary>
public static class FaceVerseReader
{
    /// <summary>Reads a FaceVerse model dictionary.</summary>
    /// <param name="path">The .npy file.</param>
    /// <param name="millimetresPerUnit">The length unit; 0 infers it.</param>
    /// <exception cref="PluginInputException">Missing or malformed file, or a required key missing (named).</exception>
    public static LinearMorphableModel Read(string path, double millimetresPerUnit = 0)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected a FaceVerse model dictionary (.npy)", path);
        }

        PyDict d;
        try
        {
            NdArray wrapped = NpyReader.Read(path);
            d = PyValue.AsDict(wrapped.Item(), "the FaceVerse file");
        }
        catch (PythonDataException e) when (e.Path is null)
        {
            throw new PluginInputException(e.Message, path, e);
        }

        NdArray Field(string key)
        {
            try
            {
                return PyValue.AsArray(PyValue.Field(d, key, "the FaceVerse dictionary"), key);
            }
            catch (PythonDataException e)
            {
                throw new PluginInputException(e.Message, path, e);
            }
        }

        bool v3 = d.ContainsKey("ver_inds");
        float[] mean = Field("meanshape").ToSingleArray();
        if (mean.Length == 0 || mean.Length % 3 != 0)
        {
            throw new PluginInputException($"field 'meanshape' has {mean.Length} values; expected 3N", path);
        }

        int n = mean.Length / 3;
        (float[] identity, int kid) = Basis(Field("idBase"), "idBase", 3 * n, path);
        (float[] expression, int kexp) = Basis(Field("exBase"), "exBase", 3 * n, path);
        if (v3)
        {
            // v3 stores y down and z backwards relative to v1/v2; negate them (rows 3v+1, 3v+2) to get y up, facing +z.
            Flip(mean, 1);
            Flip(identity, kid);
            Flip(expression, kexp);
        }

        NdArray tri = Field("tri");
        int[] triangles = tri.ToInt32Array();
        if (triangles.Length % 3 != 0)
        {
            throw new PluginInputException($"field 'tri' has shape {tri.ShapeText}; expected (T, 3)", path);
        }

        if (triangles.Length > 0 && triangles.Min() == 1 && triangles.Max() == n)
        {
            // MATLAB-style 1-based indices (as in BFM-derived files).
            for (int i = 0; i < triangles.Length; i++)
            {
                triangles[i]--;
            }
        }

        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        Array.Fill(points, LandmarkBinding.None);
        if (d.ContainsKey("keypoints"))
        {
            int[] keypoints = Field("keypoints").ToInt32Array();
            if (keypoints.Length != LandmarkEmbedding.IbugCount)
            {
                throw new PluginInputException($"field 'keypoints' has {keypoints.Length} indices; expected the 68 iBUG points", path);
            }

            for (int i = 0; i < keypoints.Length; i++)
            {
                points[i] = LandmarkBinding.AtVertex(keypoints[i]);
            }
        }

        double unit = millimetresPerUnit > 0 ? millimetresPerUnit : ModelUnits.Guess(mean);
        string name = $"FaceVerse {(v3 ? "v3" : "v1/v2")} ({Path.GetFileName(path)}, {kid} identity + {kexp} expression components)";
        try
        {
            return new LinearMorphableModel(name, unit, mean, identity, Ones(kid), expression, Ones(kexp), triangles, [], new LandmarkEmbedding(points, [], [], [], []));
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the FaceVerse model is inconsistent: {e.Message}", path, e);
        }
    }

    private static (float[] Basis, int Columns) Basis(NdArray array, string key, int rows, string path)
    {
        if (array.Rank != 2 || array.Shape[0] != rows)
        {
            throw new PluginInputException($"field '{key}' has shape {array.ShapeText}; expected ({rows}, K)", path);
        }

        return (array.ToSingleArray(), array.Shape[1]);
    }

    private static void Flip(float[] rowMajor, int columns)
    {
        if (columns == 0)
        {
            return;
        }

        int rows = rowMajor.Length / columns;
        for (int r = 0; r < rows; r++)
        {
            if (r % 3 != 0)
            {
                Span<float> row = rowMajor.AsSpan(r * columns, columns);
                for (int c = 0; c < row.Length; c++)
                {
                    row[c] = -row[c];
                }
            }
        }
    }

    private static float[] Ones(int count)
    {
        var ones = new float[count];
        Array.Fill(ones, 1f);
        return ones;
    }
}
