using Facebench.Contracts;
using Facebench.Morphable;
using Facebench.Morphable.Wavefront;

namespace Facebench.Morphable.Tests;

public sealed class ObjTests
{
    [Fact]
    public void Written_instances_read_back_exactly()
    {
        LinearMorphableModel m = ReferenceModelBuilder.Build(identityComponents: 3, expressionComponents: 1);
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "sub", "head.obj");
        ObjWriter.WriteInstance(path, m, [1, -1, 0.5f], [0.7f]);

        ObjMesh read = ObjReader.Read(path);
        var expected = new float[3 * m.VertexCount];
        m.Evaluate([1, -1, 0.5f], [0.7f], expected);
        Assert.Equal(expected, read.Vertices);
        Assert.Equal(m.Triangles.ToArray(), read.Triangles);
        Assert.Equal(m.TextureCoordinates.ToArray(), read.TextureCoordinates);
    }

    /// <summary>A textured export: mtllib before the data, usemtl before the faces, and a library naming the image.</summary>
    [Fact]
    public void A_material_is_referenced_and_its_library_names_the_image()
    {
        LinearMorphableModel m = ReferenceModelBuilder.Build(identityComponents: 1, expressionComponents: 1);
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "head.obj");
        var vertices = new float[3 * m.VertexCount];
        m.Evaluate([], [], vertices);
        ObjWriter.Write(path, vertices, m.Triangles, m.TextureCoordinates, material: new ObjMaterial("head.mtl", "albedo"));
        MtlWriter.Write(Path.Combine(temp.Path, "head.mtl"), "albedo", "head.png");

        string[] lines = File.ReadAllLines(path);
        int library = Array.IndexOf(lines, "mtllib head.mtl"), use = Array.IndexOf(lines, "usemtl albedo");
        Assert.True(library >= 0 && library < Array.FindIndex(lines, l => l.StartsWith("v ", StringComparison.Ordinal)));
        Assert.True(use > Array.FindLastIndex(lines, l => l.StartsWith("vt ", StringComparison.Ordinal)) && use < Array.FindIndex(lines, l => l.StartsWith("f ", StringComparison.Ordinal)));
        Assert.Equal(vertices, ObjReader.Read(path).Vertices);
        string[] mtl = File.ReadAllLines(Path.Combine(temp.Path, "head.mtl"));
        Assert.Contains("newmtl albedo", mtl);
        Assert.Contains("map_Kd head.png", mtl);
    }

    [Fact]
    public void Reader_handles_polygons_and_negative_indices_and_reports_bad_lines()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "quad.obj");
        File.WriteAllText(path, "# quad\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvn 0 0 1\nf 1//1 2//1 3//1 -1//1\n");
        ObjMesh mesh = ObjReader.Read(path);
        Assert.Equal([0, 1, 2, 0, 2, 3], mesh.Triangles);

        File.WriteAllText(path, "v 0 0 0\nf 1 2 3\n");
        var e = Assert.Throws<PluginInputException>(() => ObjReader.Read(path));
        Assert.Contains("line 2", e.Message);
        Assert.Contains(path, e.Message);
    }
}
