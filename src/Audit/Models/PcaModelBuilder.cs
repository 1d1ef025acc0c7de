using System.Globalization;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;

namespace Facebench.Audit.Models;

/// <summary>What to build a PCA model from.</summary>
public sealed record PcaModelSpec
{
    /// <summary>Training meshes to draw from the generator.</summary>
    public int Count { get; init; } = 200;

    /// <summary>The training population's groups (their proportions are the make-up).</summary>
    public required IReadOnlyList<PopulationGroup> Groups { get; init; }

    /// <summary>Label the groups' names are values of (recorded in the make-up).</summary>
    public string Attribute { get; init; } = "group";

    /// <summary>Identity components to keep.</summary>
    public int IdentityComponents { get; init; } = 10;

    /// <summary>Expression components to learn from displacement vectors (0 = identity-only model).</summary>
    public int ExpressionComponents { get; init; }

    /// <summary>Spread of the generator's expression weights drawn for the displacement vectors (half-normal).</summary>
    public double ExpressionScale { get; init; } = 0.5;

    /// <summary>Standard deviation of independent per-coordinate registration noise added to each mesh, millimetres.</summary>
    public double NoiseMm { get; init; }

    /// <summary>Seed of the population draw.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Builds a 3DMM from meshes in dense correspondence, as 3DMMs are built from registered scans (Blanz &amp; Vetter
/// 1999; Paysan et al. 2009 for the Basel Face Model): draw a labelled population of identities, evaluate the
/// generator's neutral mesh for each (plus optional registration noise), and take the PCA of the meshes
/// (<see cref="SnapshotPca"/>); optionally, an expression basis from the PCA of displacement vectors
/// (expressive − neutral mesh of the same identity, uncentred so zero stays the neutral face; Amberg et al. 2008).
/// The new model shares the generator's topology and landmark embedding and records the population's make-up.
/// </summary>
public static class PcaModelBuilder
{
    /// <summary>Builds the model.</summary>
    /// <param name="generator">The model the training meshes are drawn from (its topology and landmarks are reused).</param>
    /// <param name="spec">The training population and the components to keep.</param>
    public static PcaMorphableModel Build(IMorphableModel generator, PcaModelSpec spec)
    {
        List<PopulationMember> members = Population.Draw(spec.Groups, generator.IdentityCount, spec.Count, spec.Seed);
        var noise = StableRandom.For(spec.Seed, "model.pca/noise");
        double noiseUnits = spec.NoiseMm / generator.MillimetresPerUnit;
        var meshes = new List<float[]>(members.Count);
        foreach (PopulationMember member in members)
        {
            var mesh = new float[3 * generator.VertexCount];
            generator.Evaluate(member.Identity, default, mesh);
            if (noiseUnits > 0)
            {
                for (int i = 0; i < mesh.Length; i++)
                {
                    mesh[i] += (float)(noiseUnits * noise.NextGaussian());
                }
            }

            meshes.Add(mesh);
        }

        PrincipalComponents identity = SnapshotPca.Compute(meshes, spec.IdentityComponents, centre: true);
        float[] expressionBasis = [], expressionStdDev = [];
        if (spec.ExpressionComponents > 0 && generator.ExpressionCount > 0)
        {
            PrincipalComponents expression = SnapshotPca.Compute(Displacements(generator, members, spec), spec.ExpressionComponents, centre: false);
            expressionBasis = expression.Basis;
            expressionStdDev = expression.StdDev;
        }

        double explained = identity.StdDev.Sum(s => (double)s * s) / identity.TotalVariance;
        var counts = members.GroupBy(m => m.Group).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        string makeupText = string.Join("/", spec.Groups.Select(g => counts.GetValueOrDefault(g.Name).ToString(CultureInfo.InvariantCulture)));
        string name = $"PCA of {members.Count} meshes of {generator.Name} ({spec.Attribute} {string.Join("/", spec.Groups.Select(g => g.Name))} = {makeupText})";
        var linear = new LinearMorphableModel(
            name,
            generator.MillimetresPerUnit,
            identity.Mean,
            identity.Basis,
            identity.StdDev,
            expressionBasis,
            expressionStdDev,
            generator.Triangles.ToArray(),
            generator.TextureCoordinates.ToArray(),
            generator.Landmarks);
        var makeup = new TrainingMakeup(spec.Attribute, counts, $"{members.Count} neutral meshes drawn from {generator.Name}");
        return new PcaMorphableModel(linear, makeup, explained);
    }

    private static List<float[]> Displacements(IMorphableModel generator, List<PopulationMember> members, PcaModelSpec spec)
    {
        var random = StableRandom.For(spec.Seed, "model.pca/expressions");
        var neutral = new float[3 * generator.VertexCount];
        var result = new List<float[]>(members.Count);
        foreach (PopulationMember member in members)
        {
            var weights = new float[generator.ExpressionCount];
            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)Math.Abs(spec.ExpressionScale * random.NextGaussian());
            }

            var expressive = new float[3 * generator.VertexCount];
            generator.Evaluate(member.Identity, default, neutral);
            generator.Evaluate(member.Identity, weights, expressive);
            for (int i = 0; i < expressive.Length; i++)
            {
                expressive[i] -= neutral[i];
            }

            result.Add(expressive);
        }

        return result;
    }
}
