using Facebench.Contracts.Morphable;
using Facebench.Morphable.Reference;
using Facebench.Morphable.Texture;

namespace Facebench.Morphable;

/// <summary>
/// Builds the <b>synthetic</b> albedo model of the reference head (<see cref="ReferenceModelBuilder"/>): a per-vertex
/// linear colour model whose mean is a hand-made face (skin, hair, brows, lips, eyes, nostrils) and whose components
/// are the PCA (<see cref="PrincipalComponents"/>, as for the head's identity fields) of eight named colour fields
/// (<see cref="ReferenceAlbedo"/>). It is procedural, not learnt from photos, and says so in its name; it exists so
/// that the embedded default renders faces and photometric fitting runs with nothing downloaded. Its face region
/// (<see cref="ITextureModel.FaceRegion"/>) is the front of the head between hairline, chin and ears.
/// The build is pure arithmetic on constants, so two builds are bit-identical.
/// </summary>
public static class ReferenceAlbedoBuilder
{
    /// <summary>The model's name: says plainly that it is synthetic.</summary>
    public const string ModelName = "Facebench synthetic reference albedo (procedural, not learnt from photos)";

    /// <summary>Components available.</summary>
    public static int MaxComponents => ReferenceAlbedo.Variations.Count;

    /// <summary>Names of the colour fields the components are built from (before the PCA mixes them).</summary>
    public static IReadOnlyList<string> FieldNames => [.. ReferenceAlbedo.Variations.Select(v => v.Name)];

    /// <summary>Builds the model with its leading <paramref name="components"/> components.</summary>
    public static LinearTextureModel Build(int components = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(components);
        var mesh = new ReferenceHeadMesh();
        int n = mesh.VertexCount;
        var mean = new float[3 * n];
        var region = new float[n];
        var fields = ReferenceAlbedo.Variations.Select(_ => new double[3 * n]).ToList();
        for (int v = 0; v < n; v++)
        {
            double x = mesh.Vertices[3 * v], y = mesh.Vertices[(3 * v) + 1], z = mesh.Vertices[(3 * v) + 2], f = mesh.FrontWeight[v];
            (double r, double g, double b) = ReferenceAlbedo.Mean(x, y, z, f);
            mean[3 * v] = (float)r;
            mean[(3 * v) + 1] = (float)g;
            mean[(3 * v) + 2] = (float)b;
            region[v] = (float)ReferenceAlbedo.Region(x, y, z, f);
            for (int k = 0; k < fields.Count; k++)
            {
                (double dr, double dg, double db) = ReferenceAlbedo.Variations[k].Field(x, y, z, f);
                fields[k][3 * v] = dr;
                fields[k][(3 * v) + 1] = dg;
                fields[k][(3 * v) + 2] = db;
            }
        }

        (float[] basis, float[] stdDev) = PrincipalComponents.Compute(fields);
        var model = new LinearTextureModel(ModelName, TextureLayout.PerVertex, n, 0, 0, mean, basis, stdDev, [], region);
        return model.Truncate(components);
    }
}
