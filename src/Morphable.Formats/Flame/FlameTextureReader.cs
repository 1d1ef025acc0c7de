using System.Globalization;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Texture;
using Facebench.PythonData.Numpy;

namespace Facebench.Morphable.Formats.Flame;

/// <summary>
/// Reads FLAME's UV texture spaces from NumPy <c>.npz</c> archives, in the two layouts that are published:
/// <list type="bullet">
/// <item><c>FLAME_texture.npz</c> (TF_FLAME's texture space): <c>mean</c> (H, W, 3) and <c>tex_dir</c> (H, W, 3, K), in
/// 0–255 with the channels in BGR order (written with OpenCV), coefficients drawn from N(0, 1); <c>vt</c> (M, 2) and
/// <c>ft</c> (F, 3), the texture coordinates and, per mesh triangle, their indices.</item>
/// <item><c>FLAME_albedo_from_BFM.npz</c> (BFM_to_FLAME's conversion of the BFM 2017 colour model): <c>MU</c> (H·W·3) and
/// <c>PC</c> (H·W·3, K), in [0, 1], channels in BGR order, each column the change at one standard deviation; no texture
/// coordinates (take them from FLAME's template OBJ, whose <c>vt</c>/<c>f v/vt</c> lines give them per corner).</item>
/// </list>
/// Texels are row-major with the top row first, row y holding v = 1 − (y + ½)/H (the images were written with
/// row 0 at v = 1). Values become RGB in [0, 1]; each column of the basis is normalised and its norm kept as σ, so that
/// coefficients stay those of the file (N(0, 1)).
/// </summary>
public static class FlameTextureReader
{
    /// <summary>Reads a texture space for a FLAME mesh.</summary>
    /// <param name="path">The .npz file.</param>
    /// <param name="vertexCount">Vertices of the FLAME mesh (5,023).</param>
    /// <param name="triangleCount">Triangles of the FLAME mesh (9,976), which the texture coordinates must match.</param>
    /// <param name="uvLayoutPath">An OBJ with the UV layout (<c>vt</c> and <c>f v/vt</c> lines), for archives without vt/ft.</param>
    /// <param name="components">Components to keep (negative: all).</param>
    /// <exception cref="PluginInputException">Missing or malformed file, unknown layout, sizes that do not match; names the file.</exception>
    public static LinearTextureModel Read(string path, int vertexCount, int triangleCount, string? uvLayoutPath = null, int components = -1)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected FLAME_texture.npz or FLAME_albedo_from_BFM.npz", path);
        }

        IReadOnlyDictionary<string, NdArray> arrays = NpzReader.Read(path, allowPickle: false);
        (float[] mean, float[] basis, int width, int height, int k, float scale, string kind) = arrays.ContainsKey("tex_dir")
            ? ReadTextureSpace(arrays, path)
            : arrays.ContainsKey("PC") ? ReadAlbedoFromBfm(arrays, path)
            : throw new PluginInputException($"the archive holds {string.Join(", ", arrays.Keys.Order(StringComparer.Ordinal))}; expected mean/tex_dir (FLAME_texture.npz) or MU/PC (FLAME_albedo_from_BFM.npz)", path);

        if (components >= 0 && components < k)
        {
            var kept = new float[mean.Length * components];
            for (int r = 0; r < mean.Length; r++)
            {
                basis.AsSpan(r * k, components).CopyTo(kept.AsSpan(r * components, components));
            }

            basis = kept;
            k = components;
        }

        // BGR → RGB and the value scale, then unit columns with their norms as σ.
        float inverse = 1f / scale;
        for (int texel = 0; texel < width * height; texel++)
        {
            int o = 3 * texel;
            (mean[o], mean[o + 2]) = (mean[o + 2] * inverse, mean[o] * inverse);
            mean[o + 1] *= inverse;
            for (int m = 0; m < k; m++)
            {
                int b = (o * k) + m, g = ((o + 1) * k) + m, r = ((o + 2) * k) + m;
                (basis[b], basis[r]) = (basis[r] * inverse, basis[b] * inverse);
                basis[g] *= inverse;
            }
        }

        var norms = new double[k];
        for (int i = 0; i < basis.Length; i++)
        {
            norms[i % k] += (double)basis[i] * basis[i];
        }

        var sd = new float[k];
        for (int m = 0; m < k; m++)
        {
            sd[m] = (float)Math.Sqrt(norms[m]);
            if (!(sd[m] > 0))
            {
                throw new PluginInputException($"texture component {m} is zero or not finite", path);
            }
        }

        for (int i = 0; i < basis.Length; i++)
        {
            basis[i] /= sd[i % k];
        }

        float[] corners = arrays.ContainsKey("vt") && arrays.ContainsKey("ft")
            ? CornersFromArrays(arrays["vt"], arrays["ft"], triangleCount, path)
            : uvLayoutPath is not null ? CornersFromObj(uvLayoutPath, triangleCount)
            : throw new PluginInputException($"{kind} carries no texture coordinates (vt/ft); give the FLAME template OBJ with its UV layout (uv_layout)", path);

        try
        {
            return new LinearTextureModel($"FLAME {kind} ({Path.GetFileName(path)}, {width}×{height}, {k} components)", TextureLayout.UvMap, vertexCount, width, height, mean, basis, sd, corners, []);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the texture model is inconsistent: {e.Message}", path, e);
        }
    }

    private static (float[] Mean, float[] Basis, int Width, int Height, int K, float Scale, string Kind) ReadTextureSpace(IReadOnlyDictionary<string, NdArray> arrays, string path)
    {
        NdArray mean = Array(arrays, "mean", path), dir = Array(arrays, "tex_dir", path);
        if (mean.Rank != 3 || mean.Shape[2] != 3 || dir.Rank != 4 || dir.Shape[0] != mean.Shape[0] || dir.Shape[1] != mean.Shape[1] || dir.Shape[2] != 3)
        {
            throw new PluginInputException($"mean has shape {mean.ShapeText} and tex_dir {dir.ShapeText}; expected (H, W, 3) and (H, W, 3, K)", path);
        }

        return (mean.ToSingleArray(), dir.ToSingleArray(), mean.Shape[1], mean.Shape[0], dir.Shape[3], 255f, "texture space");
    }

    private static (float[] Mean, float[] Basis, int Width, int Height, int K, float Scale, string Kind) ReadAlbedoFromBfm(IReadOnlyDictionary<string, NdArray> arrays, string path)
    {
        NdArray mu = Array(arrays, "MU", path), pc = Array(arrays, "PC", path);
        int values = mu.Count;
        int side = (int)Math.Round(Math.Sqrt(values / 3.0));
        if (values == 0 || side * side * 3 != values || pc.Rank != 2 || pc.Shape[0] != values)
        {
            throw new PluginInputException($"MU has shape {mu.ShapeText} and PC {pc.ShapeText}; expected (S·S·3,) and (S·S·3, K) for a square S×S map", path);
        }

        return (mu.ToSingleArray(), pc.ToSingleArray(), side, side, pc.Shape[1], 1f, "albedo from BFM");
    }

    private static NdArray Array(IReadOnlyDictionary<string, NdArray> arrays, string name, string path) =>
        arrays.TryGetValue(name, out NdArray? a) && a.DType.IsRealNumeric
            ? a
            : throw new PluginInputException($"array '{name}' is missing or not numeric", path);

    private static float[] CornersFromArrays(NdArray vt, NdArray ft, int triangleCount, string path)
    {
        if (vt.Rank != 2 || vt.Shape[1] != 2 || ft.Rank != 2 || ft.Shape[1] != 3)
        {
            throw new PluginInputException($"vt has shape {vt.ShapeText} and ft {ft.ShapeText}; expected (M, 2) and (F, 3)", path);
        }

        if (ft.Shape[0] != triangleCount)
        {
            throw new PluginInputException($"ft has {ft.Shape[0]} triangles; the FLAME mesh has {triangleCount}", path);
        }

        return Corners(vt.ToSingleArray(), ft.ToInt32Array(), path);
    }

    /// <summary>Reads <c>vt</c> lines and the texture indices of <c>f</c> lines (triangles only) from an OBJ file.</summary>
    private static float[] CornersFromObj(string path, int triangleCount)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected an OBJ with the texture layout (vt and f v/vt lines)", path);
        }

        var vt = new List<float>();
        var ft = new List<int>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts[0] == "vt" && parts.Length >= 3
                && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float u)
                && float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
            {
                vt.Add(u);
                vt.Add(v);
            }
            else if (parts[0] == "f")
            {
                if (parts.Length != 4)
                {
                    throw new PluginInputException($"line {lineNumber}: a face with {parts.Length - 1} corners; the FLAME layout has triangles", path);
                }

                for (int c = 1; c <= 3; c++)
                {
                    string[] indices = parts[c].Split('/');
                    if (indices.Length < 2 || !int.TryParse(indices[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int t))
                    {
                        throw new PluginInputException($"line {lineNumber}: face corner '{parts[c]}' has no texture index (expected v/vt)", path);
                    }

                    ft.Add(t < 0 ? (vt.Count / 2) + t : t - 1);
                }
            }
        }

        if (ft.Count != 3 * triangleCount)
        {
            throw new PluginInputException($"the OBJ has {ft.Count / 3} triangles; the FLAME mesh has {triangleCount}", path);
        }

        return Corners([.. vt], [.. ft], path);
    }

    private static float[] Corners(float[] vt, int[] ft, string path)
    {
        var corners = new float[2 * ft.Length];
        int count = vt.Length / 2;
        for (int i = 0; i < ft.Length; i++)
        {
            int t = ft[i];
            if ((uint)t >= (uint)count)
            {
                throw new PluginInputException($"texture index {t} is outside the {count} texture coordinates", path);
            }

            corners[2 * i] = vt[2 * t];
            corners[(2 * i) + 1] = vt[(2 * t) + 1];
        }

        return corners;
    }
}
