using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Matlab;
using Facebench.Morphable.Texture;

namespace Facebench.Morphable.Formats.Bfm;

/// <summary>
/// Reads the colour model of the Basel Face Model 2009 (Paysan et al. 2009) from <c>01_MorphableModel.mat</c>:
/// <c>texMU</c> (3N × 1, per-vertex RGB, 0–255), <c>texPC</c> (3N × K, orthonormal columns) and <c>texEV</c> (K × 1,
/// standard deviations, in the same 0–255 units, as for the shape part). Values are divided by 255 so that albedo is
/// in [0, 1]; σ is scaled alike, so coefficients stay in σ units. The vertex order is the shape model's
/// (<see cref="BfmReader"/>). BFM 2017/2019's <c>/color</c> group (HDF5) is not read here.
/// </summary>
public static class BfmTextureReader
{
    /// <summary>Reads the texture part of a BFM 2009 .mat file.</summary>
    /// <param name="path">The .mat file.</param>
    /// <param name="vertexCount">Vertices of the shape model it must match, or 0 to skip the check.</param>
    /// <exception cref="PluginInputException">Missing file or variables, wrong sizes, or NaNs; the message names the file.</exception>
    public static LinearTextureModel Read(string path, int vertexCount = 0)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected the Basel Face Model 2009 (01_MorphableModel.mat) with texMU, texPC and texEV", path);
        }

        MatFile mat = MatFile.Read(path);
        MatArray mu = Numeric(mat, "texMU", path), pc = Numeric(mat, "texPC", path), ev = Numeric(mat, "texEV", path);
        int rows = (int)mu.Count;
        if (rows == 0 || rows % 3 != 0 || pc.Rows != rows || ev.Count != pc.Columns)
        {
            throw new PluginInputException($"texMU is {mu.Rows}×{mu.Columns}, texPC {pc.Rows}×{pc.Columns}, texEV {ev.Rows}×{ev.Columns}; expected 3N×1, 3N×K and K×1", path);
        }

        int n = rows / 3;
        if (vertexCount > 0 && n != vertexCount)
        {
            throw new PluginInputException($"the texture has {n} vertices; the shape model has {vertexCount}", path);
        }

        float[] mean = mu.ToSingleArray();
        for (int i = 0; i < mean.Length; i++)
        {
            mean[i] /= 255f;
        }

        float[] sd = ev.ToSingleArray();
        for (int i = 0; i < sd.Length; i++)
        {
            sd[i] /= 255f;
        }

        try
        {
            return new LinearTextureModel($"Basel Face Model 2009 texture ({Path.GetFileName(path)}, {sd.Length} components)", TextureLayout.PerVertex, n, 0, 0, mean, pc.Transpose2D(), sd, [], []);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the texture model is inconsistent: {e.Message}", path, e);
        }
    }

    private static MatArray Numeric(MatFile file, string name, string path)
    {
        MatArray a = file.Get(name);
        return a.IsNumeric ? a : throw new PluginInputException($"variable '{name}' is a {a.Class} array; expected a numeric matrix", path);
    }
}
