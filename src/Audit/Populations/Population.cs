using Facebench.Contracts;
using Facebench.Distributions;

namespace Facebench.Audit.Populations;

/// <summary>One face of a population: its group, its identity coefficients and (where drawn) its texture coefficients, in σ units.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Identity">Identity coefficients (length K_id of the generator).</param>
public sealed record PopulationMember(string Group, float[] Identity)
{
    /// <summary>Texture (albedo) coefficients (length K_tex of the texture model); empty when no texture was drawn.</summary>
    public float[] Texture { get; init; } = [];
}

/// <summary>
/// Draws labelled identity (and optionally texture) coefficients for a generator model: exact group counts
/// (largest-remainder allocation of the proportions, so a "80/20" population of 200 is 160 + 40), each coefficient
/// N(0, 1) except a group's chosen components, N(offset, variance_scale). Deterministic for a seed (a
/// <see cref="StableRandom"/> stream for the identities and a second, named one for the textures, so that asking for
/// textures leaves the identities bit-identical).
/// </summary>
public static class Population
{
    /// <summary>
    /// Checks groups against a generator with <paramref name="identityCount"/> identity components and (0 when the
    /// population has no texture model) <paramref name="textureCount"/> texture components; throws
    /// <see cref="PluginInputException"/> naming the group and the problem.
    /// </summary>
    public static void Validate(IReadOnlyList<PopulationGroup> groups, int identityCount, string owner, int textureCount = 0)
    {
        if (groups.Count == 0)
        {
            throw new PluginInputException($"{owner}: 'groups' is empty; describe at least one group (name, proportion, components, offset).");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (PopulationGroup g in groups)
        {
            if (string.IsNullOrWhiteSpace(g.Name) || !names.Add(g.Name))
            {
                throw new PluginInputException($"{owner}: groups need unique, non-empty names ('{g.Name}').");
            }

            if (!Positive(g.Proportion) || !Positive(g.VarianceScale) || !Positive(g.TextureVarianceScale))
            {
                throw new PluginInputException($"{owner}: group '{g.Name}': 'proportion', 'variance_scale' and 'texture_variance_scale' must be positive.");
            }

            CheckComponents(owner, g.Name, "identity", "components", "offset", g.Components, g.Offset, identityCount, "the generator");
            CheckComponents(owner, g.Name, "texture", "texture_components", "texture_offset", g.TextureComponents, g.TextureOffset, textureCount,
                textureCount == 0 ? "there is no texture model here" : "the texture model");
        }
    }

    /// <summary>How many members each group gets out of <paramref name="count"/>.</summary>
    public static Dictionary<string, int> Allocate(IReadOnlyList<PopulationGroup> groups, int count) =>
        StratifiedResampling.Allocate(groups.ToDictionary(g => g.Name, g => g.Proportion, StringComparer.Ordinal), count);

    /// <summary>
    /// The group of each of <paramref name="count"/> samples in index order: exactly the <see cref="Allocate"/> counts,
    /// interleaved so that every prefix is as close to the proportions as whole samples allow (at step i the group
    /// furthest behind its share c_g·(i+1)/N goes next, ties to the earlier group). A sample's group therefore depends
    /// only on its index and the count, never on which shard or how many samples a limited run reads.
    /// </summary>
    public static PopulationGroup[] Sequence(IReadOnlyList<PopulationGroup> groups, int count)
    {
        Dictionary<string, int> counts = Allocate(groups, count);
        int[] target = [.. groups.Select(g => counts[g.Name])];
        int[] taken = new int[groups.Count];
        var sequence = new PopulationGroup[count];
        for (int i = 0; i < count; i++)
        {
            int best = -1;
            double bestLag = double.NegativeInfinity;
            for (int g = 0; g < target.Length; g++)
            {
                // Integer form of c_g·(i+1)/N − taken_g, scaled by N, so ties are exact.
                double lag = ((long)target[g] * (i + 1)) - ((long)taken[g] * count);
                if (taken[g] < target[g] && lag > bestLag)
                {
                    best = g;
                    bestLag = lag;
                }
            }

            taken[best]++;
            sequence[i] = groups[best];
        }

        return sequence;
    }

    /// <summary>
    /// Draws <paramref name="count"/> members, grouped in the order of <paramref name="groups"/>; with
    /// <paramref name="textureCount"/> &gt; 0 each member also gets texture coefficients from the group's texture prior
    /// (without, the texture fields are not used: a shape-only draw). Call <see cref="Validate"/> first.
    /// </summary>
    public static List<PopulationMember> Draw(IReadOnlyList<PopulationGroup> groups, int identityCount, int count, int seed, int textureCount = 0)
    {
        Dictionary<string, int> counts = Allocate(groups, count);
        var random = new StableRandom((uint)seed);
        StableRandom textureRandom = StableRandom.For(seed, "population.texture");
        var members = new List<PopulationMember>(count);
        foreach (PopulationGroup g in groups)
        {
            for (int i = 0; i < counts[g.Name]; i++)
            {
                float[] identity = Gaussian(random, identityCount);
                g.ShiftIdentity(identity);
                float[] texture = Gaussian(textureRandom, textureCount);
                if (textureCount > 0)
                {
                    g.ShiftTexture(texture);
                }

                members.Add(new PopulationMember(g.Name, identity) { Texture = texture });
            }
        }

        return members;
    }

    private static float[] Gaussian(StableRandom random, int length)
    {
        var values = new float[length];
        for (int k = 0; k < length; k++)
        {
            values[k] = (float)random.NextGaussian();
        }

        return values;
    }

    private static bool Positive(double value) => value > 0 && double.IsFinite(value);

    private static void CheckComponents(string owner, string group, string kind, string componentsName, string offsetName, int[] components, double[] offset, int available, string source)
    {
        if (offset.Length != components.Length)
        {
            throw new PluginInputException($"{owner}: group '{group}': {offset.Length} values in '{offsetName}' for {components.Length} in '{componentsName}'; give one offset per component.");
        }

        foreach (int k in components)
        {
            if (k < 0 || k >= available)
            {
                string range = available == 0 ? source : $"{source} has components 0..{available - 1}";
                throw new PluginInputException($"{owner}: group '{group}': {kind} component {k} does not exist; {range}.");
            }
        }
    }
}
