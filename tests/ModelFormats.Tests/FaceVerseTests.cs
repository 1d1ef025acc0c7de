using System.Text.Json;
using Facebench.Contracts;
using Facebench.Morphable;
using Facebench.Morphable.Formats.FaceVerse;

namespace Facebench.ModelFormats.Tests;

public sealed class FaceVerseTests
{
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Fixture.Path("faceverse", "expected.json"))).RootElement;

    [Fact]
    public void TheV2DictionaryReadsWithKeypointsAndInferredUnit()
    {
        LinearMorphableModel m = FaceVerseReader.Read(Fixture.Path("faceverse", "faceverse_v2_small.npy"));
        Assert.Equal(256, m.VertexCount);
        Assert.Equal(8, m.IdentityCount);
        Assert.Equal(4, m.ExpressionCount);
        Assert.Equal(450, m.Triangles.Length / 3);
        Assert.Equal(68, m.Landmarks.MappedCount);
        Assert.Equal(Expected.GetProperty("keypoints").EnumerateArray().Select(e => e.GetInt32()), m.Landmarks.Points.Select(p => p.V0));
        double[] mean7 = [.. Expected.GetProperty("mean_7").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(mean7[1], m.Mean[22], 1e-6);
        Assert.Equal(Expected.GetProperty("id_5_1_3").GetDouble(), m.IdentityBasis[(16 * 8) + 3], 1e-7);
        Assert.Equal(100, m.MillimetresPerUnit); // a 1.6-unit-wide face: decimetres
    }

    [Fact]
    public void TheV3DictionaryIsFlippedBackToYUp()
    {
        LinearMorphableModel v2 = FaceVerseReader.Read(Fixture.Path("faceverse", "faceverse_v2_small.npy"));
        LinearMorphableModel v3 = FaceVerseReader.Read(Fixture.Path("faceverse", "faceverse_v3_small.npy"));
        Assert.Equal(v2.Mean.ToArray(), v3.Mean.ToArray());
        Assert.Equal(v2.IdentityBasis.ToArray(), v3.IdentityBasis.ToArray());
        Assert.Equal(0, v3.Landmarks.MappedCount);
        Assert.Contains("v3", v3.Name);
    }

    [Fact]
    public void AFitThroughFaceVerseConverges() =>
        Assert.True(LinearFitCheck.MedianRmse(FaceVerseReader.Read(Fixture.Path("faceverse", "faceverse_v2_small.npy"))) < 0.05);

    [Fact]
    public void AMissingKeyIsNamed()
    {
        var e = Assert.ThrowsAny<PluginInputException>(() => FaceVerseReader.Read(Fixture.Path("npy", "object_dict.npy")));
        Assert.Contains("'meanshape'", e.Message);
        Assert.Contains("object_dict.npy", e.Message);
    }
}
