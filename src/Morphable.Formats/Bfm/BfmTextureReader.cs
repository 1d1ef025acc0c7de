using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Hdf5;
using Facebench.Matlab;
using Facebench.Morphable.Texture;

namespace Facebench.Morphable.Formats.Bfm;

/// <summary>
/// Reads the per-vertex colour model of the Basel Face Model:
/// <list type="bullet">
/// <item>BFM 2009 (Paysan et al. 2009) from <c>01_MorphableModel.mat</c>: <c>texMU</c> (3N × 1, RGB, 0–255),
/// <c>texPC</c> (3N × K, orthonormal columns) and <c>texEV</c> (K × 1, standard deviations in the same 0–255 units, as
/// for the shape part). Values are divided by 255 so that albedo is in [0, 1]; σ is scaled alike, so coefficients stay
/// in σ units.</item>
/// <item>BFM 2017/2019 (Gerig et al. 2018, statismo layout, HDF5) from <c>/color/model/mean</c> (3N, RGB in [0, 1]),
/// <c>/color/model/pcaBasis</c> (3N × K, orthonormal) and <c>/color/model/pcaVariance</c> (K, variances, so
/// σ = √variance), read as the shape part is (<see cref="BfmReader"/>). A file whose mean exceeds 1 holds 0–255 values
/// (some conversions write them so) and is scaled like the 2009 model.</item>
/// </list>
/// The vertex order is the shape model's (<see cref="BfmReader"/>), so the colour model of the same file fits it.
/// </summary>
public static class BfmTextureReader
{
    /// <summary>Reads the texture part of a BFM 2009 .mat file or a BFM 2017/2019 .h5 file (told apart by their first bytes).</summary>
    /// <param name="path">The .mat or .h5 file.</param>
    /// <param name="vertexCount">Vertices of the shape model it must match, or 0 to skip the check.</param>
    /// <exception cref="PluginInputException">Missing file or variables, wrong sizes, or NaNs; the message names the file.</exception>
    public static LinearTextureModel Read(string path, int vertexCount = 0)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected the Basel Face Model 2009 (01_MorphableModel.mat) with texMU, texPC and texEV, or BFM 2017/2019 (.h5) with /color/model", path);
        }

        if (BfmReader.IsHdf5(path))
        {
            return ReadHdf5(path, vertexCount);
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

    /// <summary>The statismo <c>/color/model</c> group of a BFM 2017/2019 file.</summary>
    private static LinearTextureModel ReadHdf5(string path, int vertexCount)
    {
        float[] mean, basis, sd;
        using (Hdf5File h5 = Hdf5File.OpenRead(path))
        {
            if (!h5.Exists("/color/model/mean"))
            {
                throw new PluginInputException("no colour model: '/color/model/mean' is missing (BFM 2017/2019 files hold it beside /shape; is this a shape-only file?)", path);
            }

            (mean, basis, sd) = BfmReader.Pca(h5, "/color/model", path);
        }

        int n = mean.Length / 3;
        if (vertexCount > 0 && n != vertexCount)
        {
            throw new PluginInputException($"the colour model has {n} vertices; the shape model has {vertexCount}", path);
        }

        if (mean.Any(v => !float.IsFinite(v)) || basis.Any(v => !float.IsFinite(v)) || sd.Any(v => !float.IsFinite(v)))
        {
            throw new PluginInputException("/color/model holds NaN or infinite values", path);
        }

        // The published files store colours in [0, 1]; a mean above 1 means 0–255 (a converted file).
        if (mean.Max() > 1.5f)
        {
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] /= 255f;
            }

            for (int i = 0; i < sd.Length; i++)
            {
                sd[i] /= 255f;
            }
        }

        try
        {
            return new LinearTextureModel($"Basel Face Model 2017/2019 colour ({Path.GetFileName(path)}, {sd.Length} components)", TextureLayout.PerVertex, n, 0, 0, mean, basis, sd, [], []);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the colour model is inconsistent: {e.Message}", path, e);
        }
    }

    private static MatArray Numeric(MatFile file, string name, string path)
    {
        MatArray a = file.Get(name);
        return a.IsNumeric ? a : throw new PluginInputException($"variable '{name}' is a {a.Class} array; expected a numeric matrix", path);
    }
}
