using Facebench.Contracts;

namespace Facebench.Audit.Populations;

/// <summary>
/// One sub-population of a labelled training or test population: its share and how its identity prior differs from
/// the generator's N(0, I) on chosen components (mean offset in σ, variance scale). The YAML shape is that of
/// <c>dataset.synthetic</c>'s groups, so one block can describe both the faces a model is built from and those it
/// is tested on.
/// </summary>
public sealed class PopulationGroup
{
    [Option("Label of the group (stored as the population's attribute value, e.g. Labels[\"group\"]).")]
    public string Name { get; set; } = "";

    [Option("Relative share of the population (normalised over the groups).")]
    public double Proportion { get; set; } = 1;

    [Option("0-based identity components of the generator whose prior this group changes.")]
    public int[] Components { get; set; } = [];

    [Option("Mean offset on each of `components`, in standard deviations.")]
    public double[] Offset { get; set; } = [];

    [Option("Variance on `components` relative to the generator's prior (1 = same spread).")]
    public double VarianceScale { get; set; } = 1;
}
