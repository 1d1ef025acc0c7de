namespace Facebench.Morphable.Reference;

/// <summary>
/// A named smooth displacement field on the reference head: for a neutral vertex position (x, y, z) and its face
/// weight (1 on the face, 0 on the back of the head) it returns the displacement in mm. Identity fields are
/// written at one standard deviation of the population; expression fields at full activation (weight 1).
/// </summary>
/// <param name="Name">What the field changes, e.g. "jaw width".</param>
/// <param name="Displacement">(x, y, z, face weight) → (dx, dy, dz).</param>
internal sealed record DeformationField(string Name, Func<double, double, double, double, (double Dx, double Dy, double Dz)> Displacement)
{
    /// <summary>Samples the field on every vertex of the mesh: 3N doubles, interleaved xyz.</summary>
    public double[] Sample(ReferenceHeadMesh mesh)
    {
        var result = new double[mesh.Vertices.Length];
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            (double dx, double dy, double dz) = Displacement(mesh.Vertices[3 * v], mesh.Vertices[(3 * v) + 1], mesh.Vertices[(3 * v) + 2], mesh.FrontWeight[v]);
            result[3 * v] = dx;
            result[(3 * v) + 1] = dy;
            result[(3 * v) + 2] = dz;
        }

        return result;
    }
}
