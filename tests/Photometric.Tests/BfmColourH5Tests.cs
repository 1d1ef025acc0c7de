using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Formats.Bfm;
using Facebench.Morphable.Texture;
using Facebench.Plugins.Texture.Models;
using PureHDF;
using Xunit;

namespace Facebench.Photometric.Tests;

/// <summary>
/// The BFM 2017/2019 colour model read from HDF5 files the tests write in the published statismo layout (with
/// PureHDF): <c>/color/model/mean</c> (3N, RGB in [0, 1]), <c>/color/model/pcaBasis</c> (3N × K, row-major, orthonormal
/// columns), <c>/color/model/pcaVariance</c> (K), beside a <c>/shape</c> group.
/// </summary>
public sealed class BfmColourH5Tests
{
    [Fact]
    public void The_colour_model_is_read_from_the_h5_file_with_sigma_the_root_of_the_variance()
    {
        const int n = 5;
        float[] mean = [.. Enumerable.Range(0, 3 * n).Select(i => 0.2f + (0.03f * i))];
        string path = Write(TextureModelTests.TempFolder(), "model2017-1_bfm_nomouth.h5", mean, [0.04f, 0.01f]);

        LinearTextureModel texture = BfmTextureReader.Read(path, vertexCount: n);
        Assert.Equal((TextureLayout.PerVertex, n, 2), (texture.Layout, texture.VertexCount, texture.ComponentCount));
        Assert.Contains("2017/2019", texture.Name, StringComparison.Ordinal);
        var values = new float[texture.ValueCount];
        texture.Evaluate([], values);
        Assert.Equal(mean, values);

        // Column 0 is e₀ and column 1 is e₁ (see Write): +1σ on the first moves value 0 by √0.04, −1σ on the second value 1 by −√0.01.
        texture.Evaluate([1, -1], values);
        Assert.Equal(mean[0] + 0.2f, values[0], 5);
        Assert.Equal(mean[1] - 0.1f, values[1], 5);
        Assert.Equal(mean[2], values[2], 5);
    }

    [Fact]
    public void A_converted_file_in_0_to_255_is_scaled_like_the_2009_model()
    {
        const int n = 4;
        float[] mean = [.. Enumerable.Range(0, 3 * n).Select(i => 100f + (10 * i))];
        string path = Write(TextureModelTests.TempFolder(), "converted.h5", mean, [25.5f * 25.5f, 51f * 51f]);
        LinearTextureModel texture = BfmTextureReader.Read(path, vertexCount: n);
        var values = new float[texture.ValueCount];
        texture.Evaluate([1, -1], values);
        Assert.Equal((100f / 255) + 0.1f, values[0], 5);
        Assert.Equal((110f / 255) - 0.2f, values[1], 5);
    }

    [Fact]
    public void A_shape_only_file_a_vertex_mismatch_and_a_misshapen_basis_are_named()
    {
        string folder = TextureModelTests.TempFolder();
        string shapeOnly = Write(folder, "shape-only.h5", [0.5f, 0.5f, 0.5f], [0.01f, 0.01f], colour: false);
        string message = Assert.ThrowsAny<PluginInputException>(() => BfmTextureReader.Read(shapeOnly)).Message;
        Assert.Contains(shapeOnly, message, StringComparison.Ordinal);
        Assert.Contains("/color/model/mean", message, StringComparison.Ordinal);

        string small = Write(folder, "small.h5", [.. Enumerable.Repeat(0.5f, 9)], [0.01f, 0.01f]);
        Assert.Contains("the shape model has 5", Assert.ThrowsAny<PluginInputException>(() => BfmTextureReader.Read(small, vertexCount: 5)).Message, StringComparison.Ordinal);

        string badVariance = Write(folder, "variance.h5", [.. Enumerable.Repeat(0.5f, 9)], [0.01f, 0.01f, 0.01f], basisColumns: 2);
        message = Assert.ThrowsAny<PluginInputException>(() => BfmTextureReader.Read(badVariance)).Message;
        Assert.Contains("pcaVariance", message, StringComparison.Ordinal);
        Assert.Contains(badVariance, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Texture_linear_accepts_the_h5_file_for_a_model_of_its_vertex_count()
    {
        var context = PluginScene.Context();
        int n = context.GetComponent<IMorphableModel>("model").VertexCount;
        string path = Write(TextureModelTests.TempFolder(), "model2019_bfm.h5", [.. Enumerable.Repeat(0.6f, 3 * n)], [0.02f, 0.01f]);

        var plugin = new LinearTexturePlugin();
        plugin.Initialize(new LinearTextureOptions { Path = path, Model = "model" }, context);
        Assert.True(plugin.IsAvailable);
        Assert.Equal(n, plugin.Instance.VertexCount);
        Assert.Equal(2, plugin.Instance.ComponentCount);

        string wrong = Write(TextureModelTests.TempFolder(), "model2019_other.h5", [.. Enumerable.Repeat(0.6f, 3 * (n + 1))], [0.02f, 0.01f]);
        Assert.Contains(wrong, Assert.ThrowsAny<PluginInputException>(() => new LinearTexturePlugin().Initialize(new LinearTextureOptions { Path = wrong, Model = "model" }, context)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes an .h5 in the BFM 2017/2019 layout: a shape mean, and (unless <paramref name="colour"/> is false) the
    /// colour model with basis column j = the unit vector e_j (row-major 3N × K) and the given variances.
    /// </summary>
    private static string Write(string folder, string name, float[] mean, float[] variance, bool colour = true, int basisColumns = -1)
    {
        int k = basisColumns < 0 ? variance.Length : basisColumns;
        var basis = new float[mean.Length * k];
        for (int j = 0; j < Math.Min(k, mean.Length); j++)
        {
            basis[(j * k) + j] = 1;
        }

        var file = new H5File
        {
            ["shape"] = new H5Group { ["model"] = new H5Group { ["mean"] = new H5Dataset(new float[mean.Length], fileDims: [(ulong)mean.Length]) } },
        };
        if (colour)
        {
            file["color"] = new H5Group
            {
                ["model"] = new H5Group
                {
                    ["mean"] = new H5Dataset(mean, fileDims: [(ulong)mean.Length]),
                    ["pcaBasis"] = new H5Dataset(basis, fileDims: [(ulong)mean.Length, (ulong)k]),
                    ["pcaVariance"] = new H5Dataset(variance, fileDims: [(ulong)variance.Length]),
                },
            };
        }

        string path = Path.Combine(folder, name);
        file.Write(path);
        return path;
    }
}
