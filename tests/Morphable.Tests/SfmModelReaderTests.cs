using Facebench.Contracts;
using Facebench.Morphable;
using Facebench.Morphable.Wavefront;
using Facebench.Testing;

namespace Facebench.Morphable.Tests;

public sealed class SfmModelReaderTests
{
    private const string Shape = "models/sfm/sfm_shape_3448.bin";
    private static readonly Lazy<LinearMorphableModel> Sfm = new(() => SfmModelReader.ReadWithSiblings(RepositoryPaths.Shared(Shape)));

    [SharedDataFact(Shape, "models/sfm/expression_blendshapes_3448.bin", "models/sfm/ibug_to_sfm.txt", "models/sfm/sfm_model_contours.json")]
    public void Reads_the_published_counts()
    {
        LinearMorphableModel m = Sfm.Value;
        Assert.Equal(3448, m.VertexCount);
        Assert.Equal(63, m.IdentityCount);
        Assert.Equal(6, m.ExpressionCount);
        Assert.Equal(6736, m.Triangles.Length / 3);
        Assert.Equal(2 * 3448, m.TextureCoordinates.Length);
        Assert.Equal(1.0, m.MillimetresPerUnit);
    }

    [SharedDataFact(Shape)]
    public void Basis_is_orthonormal_and_sigma_is_the_square_root_of_the_eigenvalue()
    {
        LinearMorphableModel m = Sfm.Value;
        int k = m.IdentityCount, rows = 3 * m.VertexCount;
        ReadOnlySpan<float> u = m.IdentityBasis;
        foreach ((int a, int b) in new[] { (0, 0), (1, 1), (62, 62), (0, 1), (5, 40) })
        {
            double dot = 0;
            for (int r = 0; r < rows; r++)
            {
                dot += (double)u[(r * k) + a] * u[(r * k) + b];
            }

            Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-4);
        }

        // The first eigenvalue stored in the archive is 56502.367 (mm²).
        Assert.Equal(Math.Sqrt(56502.3671875), m.IdentityStdDev[0], 1e-2);
        for (int i = 1; i < k; i++)
        {
            Assert.True(m.IdentityStdDev[i] <= m.IdentityStdDev[i - 1]);
        }
    }

    [SharedDataFact(Shape, "models/sfm/sfm_reference.obj")]
    public void Mean_matches_the_reference_mesh_and_is_in_millimetres()
    {
        // sfm_reference.obj is the model's coarsest level (845 vertices, the first 845 of the 3448 mesh), symmetrised:
        // it equals the mean up to a few millimetres, not exactly.
        ObjMesh reference = ObjReader.Read(RepositoryPaths.Shared("models/sfm/sfm_reference.obj"));
        ReadOnlySpan<float> mean = Sfm.Value.Mean;
        Assert.Equal(845, reference.VertexCount);
        double sumSq = 0, max = 0;
        for (int v = 0; v < reference.VertexCount; v++)
        {
            double d2 = 0;
            for (int c = 0; c < 3; c++)
            {
                double d = reference.Vertices[(3 * v) + c] - mean[(3 * v) + c];
                d2 += d * d;
            }

            sumSq += d2;
            max = Math.Max(max, Math.Sqrt(d2));
        }

        Assert.InRange(Math.Sqrt(sumSq / reference.VertexCount), 0, 2.5);
        Assert.InRange(max, 0, 6);

        float minX = float.MaxValue, maxX = float.MinValue;
        for (int v = 0; v < Sfm.Value.VertexCount; v++)
        {
            minX = Math.Min(minX, mean[3 * v]);
            maxX = Math.Max(maxX, mean[3 * v]);
        }

        Assert.InRange(maxX - minX, 140, 160); // a face is about 150 mm wide: the unit is the millimetre
    }

    [SharedDataFact(Shape, "models/sfm/ibug_to_sfm.txt", "models/sfm/sfm_model_contours.json")]
    public void Landmark_map_and_contours_follow_the_eos_files()
    {
        var lm = Sfm.Value.Landmarks;
        Assert.Equal(50, lm.MappedCount); // 68 − 16 contour points − 2 undefined inner mouth corners
        Assert.Equal(33, lm.Points[8].V0);   // "9 = 33  # chin bottom"
        Assert.Equal(114, lm.Points[30].V0); // "31 = 114 # nose-tip"
        Assert.Equal(177, lm.Points[36].V0); // "37 = 177 # right eye outer-corner"
        Assert.False(lm.Points[60].IsMapped);
        Assert.False(lm.Points[0].IsMapped);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], lm.RightContourLandmarks);
        Assert.Equal([9, 10, 11, 12, 13, 14, 15, 16], lm.LeftContourLandmarks);
        Assert.Equal(17, lm.RightContourVertices.Count);
        Assert.Equal(380, lm.RightContourVertices[0]);
        Assert.Equal(795, lm.LeftContourVertices[0]);

        // The subject's right is −x in the model frame (y up, face along +z).
        Assert.True(Sfm.Value.Mean[3 * 177] < 0);
    }

    [SharedDataTheory(Shape)]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(41_000)]
    [InlineData(2_729_200)]
    [InlineData(2_784_391)]
    public void Truncated_model_is_a_plugin_input_error_naming_the_file(int length)
    {
        using var temp = new TempFolder();
        string path = temp.CopyPrefix(RepositoryPaths.Shared(Shape), length);
        var e = Assert.Throws<PluginInputException>(() => SfmModelReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("eos MorphableModel", e.Message);
    }

    [SharedDataTheory("models/sfm/expression_blendshapes_3448.bin")]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(248_399)]
    public void Truncated_blendshapes_are_a_plugin_input_error(int length)
    {
        using var temp = new TempFolder();
        string path = temp.CopyPrefix(RepositoryPaths.Shared("models/sfm/expression_blendshapes_3448.bin"), length);
        var e = Assert.Throws<PluginInputException>(() => SfmModelReader.Read(RepositoryPaths.Shared(Shape), expressionsPath: path));
        Assert.Contains(path, e.Message);
    }

    [SharedDataFact(Shape, "models/sfm/sfm_reference.obj", "models/sfm/sfm_model_contours.json")]
    public void Foreign_files_are_plugin_input_errors()
    {
        string obj = RepositoryPaths.Shared("models/sfm/sfm_reference.obj");
        var e = Assert.Throws<PluginInputException>(() => SfmModelReader.Read(obj));
        Assert.Contains(obj, e.Message);

        // A model archive where blendshapes are expected, and a JSON file where the landmark mapping is expected.
        string shape = RepositoryPaths.Shared(Shape);
        Assert.Throws<PluginInputException>(() => SfmModelReader.Read(shape, expressionsPath: shape));
        string json = RepositoryPaths.Shared("models/sfm/sfm_model_contours.json");
        Assert.Contains(json, Assert.Throws<PluginInputException>(() => SfmModelReader.Read(shape, landmarksPath: json)).Message);
        Assert.Contains("not found", Assert.Throws<PluginInputException>(() => SfmModelReader.Read(shape + ".missing")).Message);
    }

    [SharedDataFact(Shape)]
    public void Corrupt_counts_do_not_allocate_gigantic_arrays()
    {
        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(RepositoryPaths.Shared(Shape));
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 4); // the mean's row count
        string path = Path.Combine(temp.Path, "corrupt.bin");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<PluginInputException>(() => SfmModelReader.Read(path));
        Assert.Contains("remain", e.Message);
    }
}
