using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>
/// One sub-population of <c>dataset.synthetic</c>: its share of the samples and how its identity prior differs from
/// the model's N(0, I), on chosen identity components only (a "subspace"): mean shifted by <see cref="Offset"/> σ,
/// variance scaled by <see cref="VarianceScale"/>. Bias audits compare fitting errors between such groups.
/// </summary>
public sealed class SyntheticGroup
{
    [Option("Label stored on each sample as Labels[\"group\"].")]
    public string Name { get; set; } = "";

    [Option("Relative share of the samples (proportions are normalised to sum to one).")]
    public double Proportion { get; set; } = 1;

    [Option("0-based identity components whose prior this group changes.")]
    public int[] Components { get; set; } = [];

    [Option("Mean offset on each of `components`, in standard deviations (same length as `components`).")]
    public double[] Offset { get; set; } = [];

    [Option("Variance of the group's coefficients on `components`, relative to the model prior (1 = same spread).")]
    public double VarianceScale { get; set; } = 1;
}
