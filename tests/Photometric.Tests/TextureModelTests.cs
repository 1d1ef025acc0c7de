using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Matlab;
using Facebench.Morphable;
using Facebench.Morphable.Formats.Bfm;
using Facebench.Morphable.Formats.Flame;
using Facebench.Morphable.Texture;

namespace Facebench.Photometric.Tests;

/// <summary>Texture models: the procedural albedo of the reference head, the linear model, and the published file layouts.</summary>
public sealed class TextureModelTests
{
    [Fact]
    public void The_procedural_albedo_is_a_synthetic_face_with_a_face_region()
    {
        LinearTextureModel a = ReferenceAlbedoBuilder.Build(), b = ReferenceAlbedoBuilder.Build();
        LinearMorphableModel head = ReferenceModelBuilder.Build();
        Assert.Contains("synthetic", a.Name, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(head.VertexCount, a.VertexCount);
        Assert.True(a.Mean.SequenceEqual(b.Mean) && a.Basis.SequenceEqual(b.Basis), "two builds must be identical");
        Assert.Equal(ReferenceAlbedoBuilder.MaxComponents, a.ComponentCount);
        Assert.All(a.Mean.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.True(a.StdDev.ToArray().Zip(a.StdDev.ToArray().Skip(1)).All(p => p.First >= p.Second), "σ decreasing");

        // Lips are redder (higher R − G) than the cheek; the scalp is dark hair; the region holds the nose, not the scalp.
        int lips = Nearest(head, 0, -54), cheek = Nearest(head, 45, -20), nose = Nearest(head, 0, -30), scalp = Nearest(head, 0, 95);
        float Redness(int v) => a.Mean[3 * v] - a.Mean[(3 * v) + 1];
        Assert.True(Redness(lips) > Redness(cheek) + 0.05f, $"lips {Redness(lips)}, cheek {Redness(cheek)}");
        Assert.True(a.Mean[3 * scalp] < 0.4f, $"scalp red {a.Mean[3 * scalp]}");
        Assert.Equal(1f, a.FaceRegion[nose]);
        Assert.Equal(0f, a.FaceRegion[scalp]);
        int inRegion = a.FaceRegion.ToArray().Count(w => w > 0.5f);
        Assert.InRange(inRegion, 1500, 5000);
    }

    [Fact]
    public void A_linear_model_evaluates_truncates_and_resamples()
    {
        // A 4 × 4 UV map with two components: value = mean + U·(σ∘γ).
        float[] mean = [.. Enumerable.Range(0, 48).Select(i => i / 48f)];
        float[] basis = [.. Enumerable.Range(0, 96).Select(i => (i % 2 == 0 ? 1f : -0.5f) / 48f)];
        var model = new LinearTextureModel("uv", TextureLayout.UvMap, 3, 4, 4, mean, basis, [2, 3], [0, 0, 1, 0, 0, 1], []);
        var values = new float[48];
        model.Evaluate([0.5f, 1], values);
        Assert.Equal(mean[5] + ((1f / 48) * 2 * 0.5f) + ((-0.5f / 48) * 3), values[5], 6);

        LinearTextureModel one = model.Truncate(1);
        Assert.Equal(1, one.ComponentCount);
        one.Evaluate([0.5f], values);
        Assert.Equal(mean[7] + (1f / 48), values[7], 6);

        LinearTextureModel half = model.Resample(2, 2);
        var small = new float[12];
        half.Evaluate([], small);
        // Texel (0, 0) of the 2 × 2 map averages texels (0,0), (1,0), (0,1), (1,1) of the 4 × 4 one, channel by channel.
        Assert.Equal((mean[0] + mean[3] + mean[12] + mean[15]) / 4, small[0], 6);
        Assert.Throws<ArgumentException>(() => new LinearTextureModel("bad", TextureLayout.PerVertex, 3, 0, 0, new float[8], [], [], [], []));
        Assert.Throws<ArgumentException>(() => new LinearTextureModel("nan", TextureLayout.PerVertex, 3, 0, 0, [.. mean.Take(8), float.NaN], [], [], [], []));
    }

    [Fact]
    public void FLAME_texture_space_npz_is_read_in_its_published_layout()
    {
        // mean (H, W, 3) and tex_dir (H, W, 3, K) in 0–255 BGR; vt (M, 2) and ft (F, 3) for a two-triangle mesh.
        const int h = 3, w = 5, k = 2;
        double[] mean = [.. Enumerable.Range(0, h * w * 3).Select(i => 10.0 + (3 * i))];
        double[] dir = [.. Enumerable.Range(0, h * w * 3 * k).Select(i => (i % k == 0 ? 2.0 : -1.0) * (1 + (i % 7)))];
        string folder = TempFolder();
        string path = Path.Combine(folder, "FLAME_texture.npz");
        NumpyFiles.WriteNpz(path, new Dictionary<string, NumpyFiles.Array>
        {
            ["mean"] = new([h, w, 3], mean),
            ["tex_dir"] = new([h, w, 3, k], dir),
            ["vt"] = new([4, 2], [0, 0, 1, 0, 1, 1, 0, 1]),
            ["ft"] = new([2, 3], Longs: [0, 1, 2, 0, 2, 3]),
        });

        LinearTextureModel texture = FlameTextureReader.Read(path, vertexCount: 4, triangleCount: 2);
        Assert.Equal(TextureLayout.UvMap, texture.Layout);
        Assert.Equal((w, h, k), (texture.Width, texture.Height, texture.ComponentCount));

        // Texel (x=1, y=2): file channels are B G R, values /255; coefficients keep the file's meaning.
        float[] gamma = [0.7f, -1.2f];
        var values = new float[texture.ValueCount];
        texture.Evaluate(gamma, values);
        int texel = (2 * w) + 1;
        for (int c = 0; c < 3; c++)
        {
            int file = (3 * texel) + (2 - c);
            double expected = (mean[file] + (dir[(file * k) + 0] * gamma[0]) + (dir[(file * k) + 1] * gamma[1])) / 255;
            Assert.Equal(expected, values[(3 * texel) + c], 5);
        }

        // Corners of triangle 1 are vt[0], vt[2], vt[3].
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 1f], texture.CornerUvs.Slice(6, 6).ToArray());

        var error = Assert.ThrowsAny<PluginInputException>(() => FlameTextureReader.Read(path, vertexCount: 4, triangleCount: 3));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FLAME_albedo_from_BFM_npz_takes_its_UV_layout_from_an_OBJ()
    {
        // MU (S·S·3) and PC (S·S·3, K) in [0, 1], BGR; no vt/ft in the archive.
        const int side = 4, k = 3;
        double[] mu = [.. Enumerable.Range(0, side * side * 3).Select(i => 0.2 + (0.01 * i))];
        double[] pc = [.. Enumerable.Range(0, side * side * 3 * k).Select(i => 0.001 * ((i % 11) - 5))];
        string folder = TempFolder();
        string path = Path.Combine(folder, "FLAME_albedo_from_BFM.npz");
        NumpyFiles.WriteNpz(path, new Dictionary<string, NumpyFiles.Array> { ["MU"] = new([mu.Length], mu), ["PC"] = new([mu.Length, k], pc) });

        var missing = Assert.ThrowsAny<PluginInputException>(() => FlameTextureReader.Read(path, 4, 2));
        Assert.Contains("uv_layout", missing.Message, StringComparison.Ordinal);

        string obj = Path.Combine(folder, "head_template.obj");
        File.WriteAllLines(obj, ["v 0 0 0", "v 1 0 0", "v 1 1 0", "v 0 1 0", "vt 0.1 0.1", "vt 0.9 0.1", "vt 0.9 0.9", "vt 0.1 0.9", "f 1/1 2/2 3/3", "f 1/1 3/3 4/4"]);
        LinearTextureModel texture = FlameTextureReader.Read(path, 4, 2, obj);
        Assert.Equal((side, side, k), (texture.Width, texture.Height, texture.ComponentCount));
        var values = new float[texture.ValueCount];
        texture.Evaluate([], values);
        Assert.Equal(mu[2], values[0], 6); // red of texel 0 is the file's third channel
        Assert.Equal(mu[0], values[2], 6);
        Assert.Equal([0.1f, 0.1f, 0.9f, 0.9f, 0.1f, 0.9f], texture.CornerUvs.Slice(6, 6).ToArray());
    }

    [Fact]
    public void BFM_2009_texture_is_read_from_the_mat_file()
    {
        const int n = 4, k = 2;
        float[] mu = [.. Enumerable.Range(0, 3 * n).Select(i => 100f + (10 * i))];
        float[] pc = new float[3 * n * k]; // column-major 3N × K
        for (int r = 0; r < 3 * n; r++)
        {
            pc[r] = r == 0 ? 1 : 0;
            pc[(3 * n) + r] = r == 1 ? 1 : 0;
        }

        string path = Path.Combine(TempFolder(), "01_MorphableModel.mat");
        new MatFileWriter().AddSingle("texMU", 3 * n, 1, mu).AddSingle("texPC", 3 * n, k, pc).AddSingle("texEV", k, 1, [25.5f, 51f]).Save(path);
        LinearTextureModel texture = BfmTextureReader.Read(path, vertexCount: n);
        var values = new float[texture.ValueCount];
        texture.Evaluate([1, -1], values);
        Assert.Equal((100f / 255) + 0.1f, values[0], 5);
        Assert.Equal((110f / 255) - 0.2f, values[1], 5);
        Assert.Equal(120f / 255, values[2], 5);

        var error = Assert.ThrowsAny<PluginInputException>(() => BfmTextureReader.Read(path, vertexCount: 5));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        string incomplete = Path.Combine(TempFolder(), "shape_only.mat");
        new MatFileWriter().AddSingle("texMU", 3 * n, 1, mu).Save(incomplete);
        Assert.Contains("texPC", Assert.ThrowsAny<PluginInputException>(() => BfmTextureReader.Read(incomplete)).Message, StringComparison.Ordinal);
    }

    private static int Nearest(IMorphableModel model, double x, double y)
    {
        // The front-most vertex (largest z) among those within 4 mm of (x, y) in the frontal plane.
        ReadOnlySpan<float> m = model.Mean;
        int best = -1;
        for (int v = 0; v < model.VertexCount; v++)
        {
            double dx = m[3 * v] - x, dy = m[(3 * v) + 1] - y;
            if ((dx * dx) + (dy * dy) < 16 && (best < 0 || m[(3 * v) + 2] > m[(3 * best) + 2]))
            {
                best = v;
            }
        }

        Assert.True(best >= 0, $"no vertex near ({x}, {y})");
        return best;
    }

    internal static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "facebench-photometric-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
