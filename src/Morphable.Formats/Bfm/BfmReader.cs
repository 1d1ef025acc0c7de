using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Hdf5;
using Facebench.Matlab;
using Facebench.Morphable.Eos;

namespace Facebench.Morphable.Formats.Bfm;

/// <summary>
/// Reads the Basel Face Model from its published files:
/// <list type="bullet">
/// <item>BFM 2009 (Paysan et al. 2009, "A 3D Face Model for Pose and Illumination Invariant Face Recognition", AVSS):
/// <c>01_MorphableModel.mat</c>, a MATLAB level-5 MAT-file with <c>shapeMU</c> (3N × 1), <c>shapePC</c> (3N × 199,
/// orthonormal columns), <c>shapeEV</c> (199 × 1, standard deviations, not variances) and <c>tl</c> (T × 3, 1-based,
/// clockwise seen from outside, so two indices are swapped to make them counter-clockwise). No expressions.</item>
/// <item>BFM 2017/2019 (Gerig et al. 2018, "Morphable Face Models — An Open Framework", FG): HDF5 files (read with
/// PureHDF through <see cref="Hdf5File"/>) in the statismo layout: <c>/shape/model/mean</c> (3N), <c>/shape/model/pcaBasis</c> (3N × K, orthonormal),
/// <c>/shape/model/pcaVariance</c> (K, variances), <c>/shape/representer/cells</c> (3 × T), and, when present, the
/// same under <c>/expression/model</c> (whose mean is added to the shape mean, as eos's conversion does).</item>
/// </list>
/// σ = √variance (2017) or the stored standard deviation (2009), so coefficients are in σ units. The length unit is
/// inferred from the mean face's width unless given (BFM 2009 is in micrometres, BFM 2017/2019 in millimetres).
/// The iBUG-68 embedding comes from eos's mapping files (<see cref="EosLandmarkMapping"/>, <see cref="EosModelContour"/>):
/// eos (Huber et al. 2016) publishes <c>ibug_to_bfm2009.txt</c>-style mappings and contour lists for both releases.
/// </summary>
public static class BfmReader
{
    /// <summary>Reads a BFM file (.mat or .h5), with optional eos landmark mapping and contour files.</summary>
    /// <exception cref="PluginInputException">Missing or malformed files, or missing or misshapen variables/datasets (named).</exception>
    public static LinearMorphableModel Read(string path, string? landmarksPath = null, string? contoursPath = null, double millimetresPerUnit = 0)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected a Basel Face Model (01_MorphableModel.mat or model2017-1_*.h5 / model2019_*.h5)", path);
        }

        Parts parts = IsHdf5(path) ? ReadHdf5(path) : ReadMat(path);
        int n = parts.Mean.Length / 3;
        LandmarkEmbedding landmarks = ReadLandmarks(landmarksPath, contoursPath, n);
        double unit = millimetresPerUnit > 0 ? millimetresPerUnit : ModelUnits.Guess(parts.Mean);
        string name = $"Basel Face Model {parts.Release} ({Path.GetFileName(path)}, {parts.IdentityStdDev.Length} identity + {parts.ExpressionStdDev.Length} expression components)";
        try
        {
            return new LinearMorphableModel(name, unit, parts.Mean, parts.Identity, parts.IdentityStdDev, parts.Expression, parts.ExpressionStdDev, parts.Triangles, [], landmarks);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the Basel Face Model is inconsistent: {e.Message}", path, e);
        }
    }

    private sealed record Parts(string Release, float[] Mean, float[] Identity, float[] IdentityStdDev, float[] Expression, float[] ExpressionStdDev, int[] Triangles);

    private static Parts ReadMat(string path)
    {
        MatFile mat = MatFile.Read(path);
        MatArray mu = Numeric(mat, "shapeMU"), pc = Numeric(mat, "shapePC"), ev = Numeric(mat, "shapeEV"), tl = Numeric(mat, "tl");
        int rows = (int)mu.Count;
        if (rows == 0 || rows % 3 != 0 || pc.Rows != rows || ev.Count != pc.Columns || tl.Columns != 3)
        {
            throw new PluginInputException($"shapeMU is {mu.Rows}×{mu.Columns}, shapePC {pc.Rows}×{pc.Columns}, shapeEV {ev.Rows}×{ev.Columns}, tl {tl.Rows}×{tl.Columns}; expected 3N×1, 3N×K, K×1 and T×3", path);
        }

        // tl is column-major T × 3, 1-based and clockwise: emit (a, c, b) - 1 per row.
        double[] t = tl.ToDoubleArray();
        int triangles = tl.Rows;
        var tri = new int[3 * triangles];
        for (int i = 0; i < triangles; i++)
        {
            tri[3 * i] = (int)t[i] - 1;
            tri[(3 * i) + 1] = (int)t[(2 * triangles) + i] - 1;
            tri[(3 * i) + 2] = (int)t[triangles + i] - 1;
        }

        return new Parts("2009", mu.ToSingleArray(), pc.Transpose2D(), ev.ToSingleArray(), [], [], tri);

        MatArray Numeric(MatFile file, string name)
        {
            MatArray a = file.Get(name);
            return a.IsNumeric ? a : throw new PluginInputException($"variable '{name}' is a {a.Class} array; expected a numeric matrix", path);
        }
    }

    private static Parts ReadHdf5(string path)
    {
        using Hdf5File h5 = Hdf5File.OpenRead(path);
        (float[] mean, float[] basis, float[] sd) = Pca(h5, "/shape/model", path);
        int rows = mean.Length;
        int[] cells = h5.ReadInt32("/shape/representer/cells", out long[] cellDims);
        if (cellDims.Length != 2 || cellDims[0] != 3)
        {
            throw new PluginInputException($"/shape/representer/cells has dimensions {string.Join("×", cellDims)}; expected 3×T", path);
        }

        int t = (int)cellDims[1];
        var tri = new int[3 * t];
        for (int i = 0; i < t; i++)
        {
            tri[3 * i] = cells[i];
            tri[(3 * i) + 1] = cells[t + i];
            tri[(3 * i) + 2] = cells[(2 * t) + i];
        }

        float[] expression = [], expressionSd = [];
        if (h5.Exists("/expression/model/mean"))
        {
            float[] expressionMean;
            (expressionMean, expression, expressionSd) = Pca(h5, "/expression/model", path);
            if (expressionMean.Length != rows)
            {
                throw new PluginInputException($"/expression/model/mean has {expressionMean.Length} values; the shape has {rows}", path);
            }

            for (int i = 0; i < rows; i++)
            {
                mean[i] += expressionMean[i];
            }
        }

        return new Parts(h5.Exists("/expression") ? "2017/2019" : "2017/2019 (shape only)", mean, basis, sd, expression, expressionSd, tri);
    }

    /// <summary>Whether a file starts like HDF5 (BFM 2017/2019) rather than a MAT-file (BFM 2009).</summary>
    internal static bool IsHdf5(string path)
    {
        using FileStream probe = File.OpenRead(path);
        return probe.ReadByte() == 0x89 && probe.ReadByte() == 'H';
    }

    /// <summary>mean, row-major orthonormal basis [3N × K] and σ = √variance of a statismo PCA model group (shape, expression or colour).</summary>
    internal static (float[] Mean, float[] Basis, float[] StdDev) Pca(Hdf5File h5, string group, string path)
    {
        float[] mean = h5.ReadSingle($"{group}/mean", out long[] meanDims);
        float[] basis = h5.ReadSingle($"{group}/pcaBasis", out long[] basisDims);
        float[] variance = h5.ReadSingle($"{group}/pcaVariance", out _);
        if (basisDims.Length != 2 || basisDims[0] != mean.Length || basisDims[1] != variance.Length || mean.Length % 3 != 0)
        {
            throw new PluginInputException($"{group}: mean of {string.Join("×", meanDims)}, pcaBasis of {string.Join("×", basisDims)}, pcaVariance of {variance.Length}; expected 3N, 3N×K and K", path);
        }

        float[] sd = [.. variance.Select(v => MathF.Sqrt(Math.Max(v, 0)))];
        return (mean, basis, sd);
    }

    private static LandmarkEmbedding ReadLandmarks(string? landmarksPath, string? contoursPath, int n)
    {
        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        Array.Fill(points, LandmarkBinding.None);
        if (landmarksPath is null)
        {
            return new LandmarkEmbedding(points, [], [], [], []);
        }

        EosLandmarkMapping mapping = EosLandmarkMapping.Read(landmarksPath, n);
        foreach ((int ibug, int vertex) in mapping.Vertices)
        {
            points[ibug] = LandmarkBinding.AtVertex(vertex);
        }

        if (contoursPath is null)
        {
            return new LandmarkEmbedding(points, mapping.RightContourLandmarks, [], mapping.LeftContourLandmarks, []);
        }

        EosModelContour contour = EosModelContour.Read(contoursPath, n);
        return new LandmarkEmbedding(points, mapping.RightContourLandmarks, contour.Right, mapping.LeftContourLandmarks, contour.Left);
    }
}
