using System.Text.Json;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Articulated;
using Facebench.Morphable.Formats.Flame;

namespace Facebench.ModelFormats.Tests;

public sealed class FlameTests
{
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Fixture.Path("flame", "expected.json"))).RootElement;

    public static TheoryData<string, double> Files => new()
    {
        { "flame2020_small.pkl", 1e-7 },
        { "flame2023_small.pkl", 1e-7 },
        { "flame_small.npz", 2e-6 },
    };

    internal static ArticulatedMorphableModel Load(string file = "flame2023_small.pkl", bool landmarks = true) =>
        FlameReader.Read(Fixture.Path("flame", file), new FlameReadOptions
        {
            FileIdentityComponents = 8,
            LandmarkEmbeddingPath = landmarks ? Fixture.Path("flame", "landmark_embedding_small.npy") : null,
        });

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryPublishedFormHoldsTheSameModel(string file, double tolerance)
    {
        ArticulatedMorphableModel m = Load(file);
        Assert.Equal(Expected.GetProperty("vertices").GetInt32(), m.VertexCount);
        Assert.Equal(Expected.GetProperty("faces").GetInt32(), m.Triangles.Length / 3);
        Assert.Equal(8, m.IdentityCount);
        Assert.Equal(4, m.ExpressionCount);
        Assert.Equal(5, m.JointCount);
        Assert.Equal([-1, 0, 1, 1, 1], m.JointParents);
        Assert.Equal(1000, m.MillimetresPerUnit);
        double[] v7 = Doubles("v_template_7");
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(v7[c], m.Mean[21 + c], tolerance);
        }

        // shapedirs[5, 1, 3] is identity column 3 of row 3·5 + 1; posedirs[9, 2, 17] is pose column 17 of row 29.
        Assert.Equal(Expected.GetProperty("shapedirs_5_1_3").GetDouble(), m.IdentityBasis[(16 * 8) + 3], tolerance);
        Assert.Equal(Expected.GetProperty("posedirs_9_2_17").GetDouble(), m.PoseBasis[(29 * 36) + 17], tolerance);
        int[] face = [.. Expected.GetProperty("face_100").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(face, m.Triangles.Slice(300, 3).ToArray());
        Assert.Equal(68, m.Landmarks.MappedCount);
        Assert.NotNull(m.DynamicContour);
        Assert.Equal(79, m.DynamicContour!.RowCount);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheForwardModelMatchesTheReferenceImplementation(string file, double tolerance)
    {
        ArticulatedMorphableModel m = Load(file, landmarks: false);
        float[] betas = [.. Doubles("betas").Select(b => (float)b)];
        double[] pose = Doubles("pose");
        var vertices = new float[3 * m.VertexCount];
        m.EvaluatePosed([], [], [], vertices);
        AssertMesh(Expected.GetProperty("rest"), vertices, 5 * tolerance + 1e-6);
        m.EvaluatePosed(betas[..8], betas[8..], new double[15], vertices);
        AssertMesh(Expected.GetProperty("shaped"), vertices, 5 * tolerance + 1e-6);
        m.EvaluatePosed(betas[..8], betas[8..], pose, vertices);
        AssertMesh(Expected.GetProperty("posed"), vertices, 5 * tolerance + 1e-6);
    }

    [Fact]
    public void LandmarkTablesMatchTheFixture()
    {
        ArticulatedMorphableModel m = Load();
        int[] triangles = m.Triangles.ToArray();
        int face = Expected.GetProperty("static_face_0").GetInt32();
        double[] bary = Doubles("static_bary_0");
        LandmarkBinding b = m.Landmarks.Points[17];
        Assert.Equal((triangles[3 * face], triangles[(3 * face) + 1], triangles[(3 * face) + 2]), (b.V0, b.V1, b.V2));
        Assert.Equal(bary[0], b.W0, 1e-6);
        Assert.Equal(bary[2], b.W2, 1e-6);
        int dynamicFace = Expected.GetProperty("dynamic_face_45_3").GetInt32();
        Assert.Equal(triangles[3 * dynamicFace], m.DynamicContour!.Binding(45, 3).V0);

        // RingNet's pair gives the same static points and dynamic rows.
        var ringnet = FlameReader.Read(Fixture.Path("flame", "flame2020_small.pkl"), new FlameReadOptions
        {
            FileIdentityComponents = 8,
            LandmarkEmbeddingPath = Fixture.Path("flame", "flame_static_embedding_small.pkl"),
            DynamicEmbeddingPath = Fixture.Path("flame", "flame_dynamic_embedding_small.npy"),
        });
        Assert.Equal(m.Landmarks.Points.Skip(17), ringnet.Landmarks.Points.Skip(17));
        Assert.Equal(m.DynamicContour.Binding(60, 16), ringnet.DynamicContour!.Binding(60, 16));
    }

    [Fact]
    public void YawRowsFollowFlamesIndexing()
    {
        YawContourTable t = Load().DynamicContour!;
        Assert.Equal(0, t.RowForYaw(0.2));
        Assert.Equal(12, t.RowForYaw(12));
        Assert.Equal(39, t.RowForYaw(70));
        Assert.Equal(40, t.RowForYaw(-1));
        Assert.Equal(78, t.RowForYaw(-39));
        Assert.Equal(78, t.RowForYaw(-60));
    }

    [Fact]
    public void MissingFieldsAndWrongShapesAreNamed()
    {
        string folder = Fixture.TempFolder();
        string truncated = Path.Combine(folder, "cut.pkl");
        byte[] bytes = File.ReadAllBytes(Fixture.Path("flame", "flame2023_small.pkl"));
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<PluginInputException>(() => FlameReader.Read(truncated));
        Assert.Contains("cut.pkl", e.Message);

        var missing = Assert.ThrowsAny<PluginInputException>(() => FlameReader.Read(Fixture.Path("pickle", "sample_p4.pkl")));
        Assert.Contains("'v_template'", missing.Message);
        Assert.Contains("sample_p4.pkl", missing.Message);
    }

    private static double[] Doubles(string key) => [.. Expected.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    private static void AssertMesh(JsonElement expected, float[] vertices, double tolerance)
    {
        int v = 0;
        foreach (JsonElement row in expected.EnumerateArray())
        {
            int c = 0;
            foreach (JsonElement x in row.EnumerateArray())
            {
                Assert.True(Math.Abs(x.GetDouble() - vertices[(3 * v) + c]) <= tolerance, $"vertex {v} coordinate {c}: expected {x.GetDouble()}, got {vertices[(3 * v) + c]}");
                c++;
            }

            v++;
        }
    }
}
