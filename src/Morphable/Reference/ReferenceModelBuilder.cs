using Facebench.Contracts.Morphable;
using Facebench.Morphable.Reference;

namespace Facebench.Morphable;

/// <summary>
/// Builds Facebench's embedded default model, the <b>synthetic reference head</b>: a procedural, deterministic
/// stand-in for a 3DMM that needs no download. It is <b>not</b> learnt from scans and says nothing about real
/// faces; it exists so that every pipeline runs, and every fitter can be tested with exact ground truth, on a fresh
/// machine.
/// <list type="bullet">
/// <item>Mesh: a closed head of 12,674 vertices (128 meridians × 99 rings + 2 poles) in millimetres, face along +z,
/// y up, about 152 mm wide and 230 mm high, with nose, eye sockets and eyeballs, brows, cheekbones, lips, chin and ears.</item>
/// <item>Identity: the PCA (<see cref="PrincipalComponents"/>) of 24 smooth anatomical deformation fields
/// (<see cref="ReferenceIdentityFields"/>): orthonormal basis, σ decreasing.</item>
/// <item>Expressions: 6 blendshapes (<see cref="ReferenceExpressions"/>), σ_exp = 1.</item>
/// <item>Landmarks: all 68 iBUG points, barycentric, plus jaw-line contour bands (<see cref="ReferenceLandmarks"/>).</item>
/// </list>
/// The build is pure arithmetic on constants, so two builds are bit-identical.
/// </summary>
public static class ReferenceModelBuilder
{
    /// <summary>The model's name: says plainly that it is synthetic.</summary>
    public const string ModelName = "Facebench synthetic reference head (procedural, not learnt from scans)";

    /// <summary>Identity components available.</summary>
    public static int MaxIdentityComponents => ReferenceIdentityFields.All.Count;

    /// <summary>Expression blendshapes available.</summary>
    public static int MaxExpressionComponents => ReferenceExpressions.All.Count;

    /// <summary>Names of the expression blendshapes, in basis order.</summary>
    public static IReadOnlyList<string> ExpressionNames => [.. ReferenceExpressions.All.Select(e => e.Name)];

    /// <summary>Builds the model.</summary>
    /// <param name="identityComponents">Leading identity components kept (at most <see cref="MaxIdentityComponents"/>).</param>
    /// <param name="expressionComponents">Expression blendshapes kept (at most <see cref="MaxExpressionComponents"/>).</param>
    public static LinearMorphableModel Build(int identityComponents = int.MaxValue, int expressionComponents = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(identityComponents);
        ArgumentOutOfRangeException.ThrowIfNegative(expressionComponents);
        var mesh = new ReferenceHeadMesh();
        float[] mean = [.. mesh.Vertices.Select(v => (float)v)];
        int n = mesh.VertexCount;

        (float[] identityBasis, float[] identityStdDev) = PrincipalComponents.Compute([.. ReferenceIdentityFields.All.Select(f => f.Sample(mesh))]);

        IReadOnlyList<DeformationField> expressions = ReferenceExpressions.All;
        int kExp = expressions.Count;
        var expressionBasis = new float[3 * n * kExp];
        for (int e = 0; e < kExp; e++)
        {
            double[] d = expressions[e].Sample(mesh);
            for (int r = 0; r < d.Length; r++)
            {
                expressionBasis[(r * kExp) + e] = (float)d[r];
            }
        }

        float[] expressionStdDev = [.. Enumerable.Repeat(1f, kExp)];
        LandmarkEmbedding landmarks = ReferenceLandmarks.Build(mesh);
        var model = new LinearMorphableModel(ModelName, 1.0, mean, identityBasis, identityStdDev, expressionBasis, expressionStdDev, mesh.Triangles, mesh.TextureCoordinates, landmarks);
        return model.Truncate(identityComponents, expressionComponents);
    }
}
