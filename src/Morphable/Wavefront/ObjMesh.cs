namespace Facebench.Morphable.Wavefront;

/// <summary>
/// A triangle mesh as read from a Wavefront OBJ file: positions, triangles (polygons fan-triangulated, 0-based)
/// and the file's texture coordinates as listed (<c>vt</c> lines, in file order; OBJ indexes them per face corner,
/// so they are not necessarily per vertex).
/// </summary>
/// <param name="Vertices">Positions, interleaved xyz (3N floats).</param>
/// <param name="Triangles">Vertex-index triples, 0-based.</param>
/// <param name="TextureCoordinates">The <c>vt</c> entries, interleaved uv.</param>
public sealed record ObjMesh(float[] Vertices, int[] Triangles, float[] TextureCoordinates)
{
    /// <summary>Number of vertices.</summary>
    public int VertexCount => Vertices.Length / 3;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Triangles.Length / 3;
}
