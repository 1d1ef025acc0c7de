using Facebench.Contracts;
using Facebench.Distributions;

namespace Facebench.Audit.Populations;

/// <summary>One face of a population: its group and its identity coefficients in the generator's σ units.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Identity">Identity coefficients (length K_id of the generator).</param>
public sealed record PopulationMember(string Group, float[] Identity);

/// <summary>
/// Draws labelled identity coefficients for a generator model: exact group counts (largest-remainder allocation of
/// the proportions, so a "80/20" population of 200 is 160 + 40), each coefficient N(0, 1) except a group's chosen
/// components, N(offset, variance_scale). Deterministic for a seed (a <see cref="StableRandom"/> stream).
/// </summary>
public static class Population
{
    /// <summary>Checks groups against a generator with <paramref name="identityCount"/> components; throws <see cref="PluginInputException"/> naming the problem.</summary>
    public static void Validate(IReadOnlyList<PopulationGroup> groups, int identityCount, string owner)
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

            if (!(g.Proportion > 0) || !double.IsFinite(g.Proportion) || !(g.VarianceScale > 0) || !double.IsFinite(g.VarianceScale))
            {
                throw new PluginInputException($"{owner}: group '{g.Name}': 'proportion' and 'variance_scale' must be positive.");
            }

            if (g.Offset.Length != g.Components.Length)
            {
                throw new PluginInputException($"{owner}: group '{g.Name}': {g.Offset.Length} offsets for {g.Components.Length} components; give one offset per component.");
            }

            foreach (int k in g.Components)
            {
                if (k < 0 || k >= identityCount)
                {
                    throw new PluginInputException($"{owner}: group '{g.Name}': identity component {k} does not exist; the generator has components 0..{identityCount - 1}.");
                }
            }
        }
    }

    /// <summary>How many members each group gets out of <paramref name="count"/>.</summary>
    public static Dictionary<string, int> Allocate(IReadOnlyList<PopulationGroup> groups, int count) =>
        StratifiedResampling.Allocate(groups.ToDictionary(g => g.Name, g => g.Proportion, StringComparer.Ordinal), count);

    /// <summary>Draws <paramref name="count"/> members, grouped in the order of <paramref name="groups"/>.</summary>
    public static List<PopulationMember> Draw(IReadOnlyList<PopulationGroup> groups, int identityCount, int count, int seed)
    {
        Dictionary<string, int> counts = Allocate(groups, count);
        var random = new StableRandom((uint)seed);
        var members = new List<PopulationMember>(count);
        foreach (PopulationGroup g in groups)
        {
            double spread = Math.Sqrt(g.VarianceScale);
            for (int i = 0; i < counts[g.Name]; i++)
            {
                var identity = new float[identityCount];
                for (int k = 0; k < identityCount; k++)
                {
                    identity[k] = (float)random.NextGaussian();
                }

                for (int c = 0; c < g.Components.Length; c++)
                {
                    int k = g.Components[c];
                    identity[k] = (float)(g.Offset[c] + (spread * identity[k]));
                }

                members.Add(new PopulationMember(g.Name, identity));
            }
        }

        return members;
    }
}
