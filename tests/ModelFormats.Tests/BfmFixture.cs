using System.Globalization;
using System.Text;
using Facebench.Matlab;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Facebench.ModelFormats.Tests;

/// <summary>
/// Small Basel Face Model files in the exact published layouts, written by test code: a BFM 2009 .mat (float32
/// shapeMU/shapePC/shapeEV, 1-based clockwise tl, zlib-compressed elements) in micrometres and a BFM 2017 .h5
/// (statismo groups, variances, 3×T cells, an expression model; written with PureHDF, the bases chunked and
/// deflate-compressed as h5py and statismo often store them) in millimetres, with an eos landmark mapping.
/// </summary>
internal static class BfmFixture
{
    public const int Nu = 16, Nv = 16, N = Nu * Nv, K = 6, KExp = 3;

    /// <summary>Mean shape (mm) of the small grid head.</summary>
    public static double[] MeanMm()
    {
        var mean = new double[3 * N];
        for (int v = 0; v < N; v++)
        {
            double u = -1 + (2.0 * (v % Nu) / (Nu - 1)), w = -1 + (2.0 * (v / Nu) / (Nv - 1));
            mean[3 * v] = 80 * u;
            mean[(3 * v) + 1] = 100 * w;
            mean[(3 * v) + 2] = 60 * Math.Sqrt(Math.Max(0.05, 1 - (0.8 * u * u) - (0.5 * w * w)));
        }

        return mean;
    }

    /// <summary>An orthonormal [3N × k] basis (row-major) by Gram–Schmidt on smooth fields.</summary>
    public static double[] Basis(int k, int seed)
    {
        var columns = new double[k][];
        for (int j = 0; j < k; j++)
        {
            var c = new double[3 * N];
            for (int r = 0; r < c.Length; r++)
            {
                int v = r / 3;
                double u = -1 + (2.0 * (v % Nu) / (Nu - 1)), w = -1 + (2.0 * (v / Nu) / (Nv - 1));
                c[r] = Math.Sin(((j + 1 + seed) * 1.3 * u) + (0.7 * (r % 3)) + j) * Math.Cos((j + 2) * 0.9 * w);
            }

            for (int i = 0; i < j; i++)
            {
                double d = c.Zip(columns[i], (a, b) => a * b).Sum();
                for (int r = 0; r < c.Length; r++)
                {
                    c[r] -= d * columns[i][r];
                }
            }

            double norm = Math.Sqrt(c.Sum(x => x * x));
            columns[j] = [.. c.Select(x => x / norm)];
        }

        var rowMajor = new double[3 * N * k];
        for (int r = 0; r < 3 * N; r++)
        {
            for (int j = 0; j < k; j++)
            {
                rowMajor[(r * k) + j] = columns[j][r];
            }
        }

        return rowMajor;
    }

    /// <summary>Counter-clockwise (seen from +z) triangles, 0-based.</summary>
    public static int[] Triangles()
    {
        var t = new List<int>();
        for (int j = 0; j < Nv - 1; j++)
        {
            for (int i = 0; i < Nu - 1; i++)
            {
                int a = (j * Nu) + i;
                t.AddRange([a, a + 1, a + Nu + 1, a, a + Nu + 1, a + Nu]);
            }
        }

        return [.. t];
    }

    public static double[] StdDevMm => [40, 30, 22, 15, 10, 6];

    public static string WriteMat(string folder, bool compress = true)
    {
        double[] mean = MeanMm(), basis = Basis(K, 0);
        int[] tri = Triangles();
        int t = tri.Length / 3;
        // Column-major T × 3, 1-based, clockwise (two indices swapped), as BFM 2009 stores tl.
        var tl = new double[3 * t];
        for (int i = 0; i < t; i++)
        {
            tl[i] = tri[3 * i] + 1;
            tl[t + i] = tri[(3 * i) + 2] + 1;
            tl[(2 * t) + i] = tri[(3 * i) + 1] + 1;
        }

        var pcColumnMajor = new float[3 * N * K];
        for (int r = 0; r < 3 * N; r++)
        {
            for (int j = 0; j < K; j++)
            {
                pcColumnMajor[(j * 3 * N) + r] = (float)basis[(r * K) + j];
            }
        }

        string path = Path.Combine(folder, "01_MorphableModel.mat");
        new MatFileWriter()
            .AddSingle("shapeMU", 3 * N, 1, [.. mean.Select(x => (float)(x * 1000))], compress)
            .AddSingle("shapePC", 3 * N, K, pcColumnMajor, compress)
            .AddSingle("shapeEV", K, 1, [.. StdDevMm.Select(x => (float)(x * 1000))], compress)
            .AddDouble("tl", t, 3, tl, compress)
            .AddText("comment", "Facebench test fixture in the BFM 2009 layout")
            .Save(path);
        return path;
    }

    /// <summary>Writes the BFM 2017 fixture; <paramref name="edit"/> may change or drop datasets first (for error tests).</summary>
    public static string WriteH5(string folder, Action<Dictionary<string, H5Dataset>>? edit = null, string name = "model2017-1_bfm_nomouth.h5")
    {
        double[] mean = MeanMm(), basis = Basis(K, 0), exp = Basis(KExp, 5);
        int[] tri = Triangles();
        int t = tri.Length / 3;
        var cells = new int[3 * t];
        for (int i = 0; i < t; i++)
        {
            cells[i] = tri[3 * i];
            cells[t + i] = tri[(3 * i) + 1];
            cells[(2 * t) + i] = tri[(3 * i) + 2];
        }

        var deflate = new H5DatasetCreation(Filters: [new H5Filter(DeflateFilter.Id)]);
        var datasets = new Dictionary<string, H5Dataset>
        {
            ["/shape/model/mean"] = new H5Dataset(mean.Select(x => (float)x).ToArray(), fileDims: [3 * N]),
            ["/shape/model/pcaBasis"] = new H5Dataset(basis.Select(x => (float)x).ToArray(), chunks: [64, K], fileDims: [3 * N, K], datasetCreation: deflate),
            ["/shape/model/pcaVariance"] = new H5Dataset(StdDevMm.Select(x => (float)(x * x)).ToArray(), fileDims: [K]),
            ["/shape/representer/cells"] = new H5Dataset(cells, fileDims: [3, (ulong)t]),
            ["/expression/model/mean"] = new H5Dataset(new float[3 * N], fileDims: [3 * N]),
            ["/expression/model/pcaBasis"] = new H5Dataset(exp.Select(x => (float)x).ToArray(), chunks: [64, KExp], fileDims: [3 * N, KExp], datasetCreation: deflate),
            ["/expression/model/pcaVariance"] = new H5Dataset(new[] { 100f, 49f, 25f }, fileDims: [KExp]),
        };
        edit?.Invoke(datasets);

        // Nest the datasets into groups by path.
        var file = new H5File();
        foreach (var (path, dataset) in datasets)
        {
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            H5Group group = file;
            foreach (string part in parts[..^1])
            {
                if (!group.TryGetValue(part, out object? child))
                {
                    group[part] = child = new H5Group();
                }

                group = (H5Group)child;
            }

            group[parts[^1]] = dataset;
        }

        string h5 = Path.Combine(folder, name);
        file.Write(h5);
        return h5;
    }

    /// <summary>An eos landmark mapping (TOML) putting the 68 iBUG points on grid vertices.</summary>
    public static string WriteMapping(string folder)
    {
        var sb = new StringBuilder("[landmark_mappings]\n");
        for (int i = 0; i < 68; i++)
        {
            double angle = 2 * Math.PI * i / 68;
            int x = (int)Math.Round(7.5 + (5.5 * Math.Cos(angle) * (1 - (0.3 * (i % 3))))), y = (int)Math.Round(7.5 + (5.5 * Math.Sin(angle) * (1 - (0.25 * (i % 4)))));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} = {(y * Nu) + x}\n");
        }

        string path = Path.Combine(folder, "ibug_to_bfm_test.txt");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
