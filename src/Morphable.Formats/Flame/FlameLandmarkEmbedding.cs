using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.PythonData;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.Morphable.Formats.Flame;

/// <summary>
/// FLAME's landmark embedding: iBUG-68 points as (mesh face, barycentric coordinates) pairs. Two published forms:
/// <list type="bullet">
/// <item>DECA's <c>landmark_embedding.npy</c> (Feng et al. 2021): a pickled dict with <c>static_lmk_faces_idx</c> (51)
/// and <c>static_lmk_bary_coords</c> (51×3) for iBUG 17–67, <c>dynamic_lmk_faces_idx</c> (79×17) and
/// <c>dynamic_lmk_bary_coords</c> (79×17×3) for the jaw line 0–16 by yaw (stored as PyTorch tensors), and
/// <c>full_lmk_faces_idx</c> (1×68) / <c>full_lmk_bary_coords</c> (1×68×3) for a frontal face;</item>
/// <item>RingNet's pair (Sanyal et al. 2019): <c>flame_static_embedding.pkl</c> with <c>lmk_face_idx</c>,
/// <c>lmk_b_coords</c> (51 points) and <c>flame_dynamic_embedding.npy</c> with the same two keys as lists of 79
/// per-yaw arrays.</item>
/// </list>
/// The static embedding becomes iBUG 17–67; the jaw line 0–16 takes the frontal (full, or yaw-0 dynamic) bindings;
/// the dynamic tables become a <see cref="YawContourTable"/> that the articulated fitter consults as the head turns.
/// </summary>
public static class FlameLandmarkEmbedding
{
    private const int Contour = 17;
    private const int Static = LandmarkEmbedding.IbugCount - Contour;

    /// <summary>Reads an embedding for a mesh with the given triangles and vertex count.</summary>
    /// <exception cref="PluginInputException">A file is missing or malformed, or a face index is outside the mesh.</exception>
    public static (LandmarkEmbedding Embedding, YawContourTable? Contour) Read(string path, string? dynamicPath, int[] triangles, int vertexCount)
    {
        PyDict root = Root(path);
        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        Array.Fill(points, LandmarkBinding.None);
        YawContourTable? contour = null;
        if (root.ContainsKey("static_lmk_faces_idx"))
        {
            Place(points, Contour, Faces(root, "static_lmk_faces_idx", path), Bary(root, "static_lmk_bary_coords", path), triangles, path, "static");
            if (root.ContainsKey("dynamic_lmk_faces_idx"))
            {
                contour = Table(Faces(root, "dynamic_lmk_faces_idx", path), Bary(root, "dynamic_lmk_bary_coords", path), triangles, path);
            }

            if (root.ContainsKey("full_lmk_faces_idx"))
            {
                var full = new LandmarkBinding[LandmarkEmbedding.IbugCount];
                Place(full, 0, Faces(root, "full_lmk_faces_idx", path), Bary(root, "full_lmk_bary_coords", path), triangles, path, "full");
                Array.Copy(full, points, Contour);
            }
        }
        else if (root.ContainsKey("lmk_face_idx"))
        {
            Place(points, Contour, Faces(root, "lmk_face_idx", path), Bary(root, "lmk_b_coords", path), triangles, path, "static");
            if (dynamicPath is not null)
            {
                PyDict dynamic = Root(dynamicPath);
                contour = Table(Faces(dynamic, "lmk_face_idx", dynamicPath), Bary(dynamic, "lmk_b_coords", dynamicPath), triangles, dynamicPath);
            }
        }
        else
        {
            throw new PluginInputException($"no landmark tables found (keys: {string.Join(", ", root.Keys)}); expected DECA's static_lmk_faces_idx/... or RingNet's lmk_face_idx/lmk_b_coords", path);
        }

        if (contour is not null && !points[0].IsMapped)
        {
            for (int i = 0; i < Contour; i++)
            {
                points[i] = contour.Binding(contour.RowForYaw(0), i);
            }
        }

        foreach (LandmarkBinding b in points)
        {
            if (b.IsMapped && (b.V0 >= vertexCount || b.V1 >= vertexCount || b.V2 >= vertexCount))
            {
                throw new PluginInputException($"a landmark refers to a vertex beyond the mesh's {vertexCount}", path);
            }
        }

        return (new LandmarkEmbedding(points, [], [], [], []), contour);
    }

    private static PyDict Root(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected a FLAME landmark embedding (.npy or .pkl)", path);
        }

        using (FileStream probe = File.OpenRead(path))
        {
            if (probe.ReadByte() == 0x93)
            {
                NdArray wrapped = NpyReader.Read(path);
                return PyValue.AsDict(wrapped.Item(), Path.GetFileName(path));
            }
        }

        return PyValue.AsDict(PickleReader.ReadFile(path), Path.GetFileName(path));
    }

    private static NdArray Faces(PyDict root, string key, string path) => Field(root, key, path);

    private static NdArray Bary(PyDict root, string key, string path) => Field(root, key, path);

    private static NdArray Field(PyDict root, string key, string path)
    {
        try
        {
            return PyValue.AsArray(PyValue.Field(root, key, "the embedding"), key);
        }
        catch (PythonDataException e)
        {
            throw new PluginInputException(e.Message, path, e);
        }
    }

    /// <summary>Bindings for consecutive iBUG points from face indices and barycentric rows.</summary>
    private static void Place(LandmarkBinding[] points, int first, NdArray faces, NdArray bary, int[] triangles, string path, string what)
    {
        long[] f = faces.ToInt64Array();
        double[] b = bary.ToDoubleArray();
        if (b.Length != 3 * f.Length || first + f.Length > points.Length)
        {
            throw new PluginInputException($"the {what} embedding has {f.Length} faces and {b.Length} barycentric values; expected {points.Length - first} faces with 3 values each", path);
        }

        for (int i = 0; i < f.Length; i++)
        {
            points[first + i] = Binding(f[i], b.AsSpan(3 * i, 3), triangles, path);
        }
    }

    private static YawContourTable Table(NdArray faces, NdArray bary, int[] triangles, string path)
    {
        long[] f = faces.ToInt64Array();
        double[] b = bary.ToDoubleArray();
        if (faces.Rank != 2 || faces.Shape[1] != Contour || b.Length != 3 * f.Length)
        {
            throw new PluginInputException($"the dynamic embedding has faces of shape {faces.ShapeText} and {b.Length} barycentric values; expected (rows, 17) faces with 3 values each", path);
        }

        var bindings = new LandmarkBinding[f.Length];
        for (int i = 0; i < f.Length; i++)
        {
            bindings[i] = Binding(f[i], b.AsSpan(3 * i, 3), triangles, path);
        }

        return new YawContourTable([.. Enumerable.Range(0, Contour)], bindings);
    }

    private static LandmarkBinding Binding(long face, ReadOnlySpan<double> bary, int[] triangles, string path)
    {
        if (face < 0 || 3 * face + 2 >= triangles.Length)
        {
            throw new PluginInputException($"a landmark lies on face {face}, outside the mesh's {triangles.Length / 3} faces", path);
        }

        int t = (int)(3 * face);
        return LandmarkBinding.InTriangle(triangles[t], triangles[t + 1], triangles[t + 2], (float)bary[0], (float)bary[1], (float)bary[2]);
    }
}
