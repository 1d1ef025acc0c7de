using Facebench.Contracts;

namespace Facebench.Audit.Populations;

/// <summary>
/// One sub-population of a labelled training or test population: its share and how its prior differs from the
/// generator's N(0, I) on chosen components (mean offset in σ, variance scale), for the shape (identity components)
/// and, where the population is also coloured by a texture model, for the albedo (texture components). The YAML shape
/// is that of <c>dataset.synthetic</c>'s groups, so one block can describe both the faces a model is built from and
/// those it is tested on. The texture fields default to "no change", so a shape-only group reads as before.
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

    [Option("0-based texture (albedo) components whose prior this group changes; only where faces are coloured by a texture model.")]
    public int[] TextureComponents { get; set; } = [];

    [Option("Mean offset on each of `texture_components`, in standard deviations.")]
    public double[] TextureOffset { get; set; } = [];

    [Option("Variance on `texture_components` relative to the texture model's prior (1 = same spread).")]
    public double TextureVarianceScale { get; set; } = 1;

    /// <summary>
    /// Moves prior draws of the identity coefficients (<paramref name="identity"/>, drawn N(0, s²)) to this group's
    /// prior: on each chosen component k, x_k ← offset_k + √variance_scale · x_k. Other components keep their draw.
    /// </summary>
    public void ShiftIdentity(Span<float> identity) => Shift(Components, Offset, VarianceScale, identity);

    /// <summary>The same move as <see cref="ShiftIdentity"/> for texture coefficients, with the texture fields.</summary>
    public void ShiftTexture(Span<float> texture) => Shift(TextureComponents, TextureOffset, TextureVarianceScale, texture);

    private static void Shift(int[] components, double[] offset, double varianceScale, Span<float> values)
    {
        double spread = Math.Sqrt(varianceScale);
        for (int c = 0; c < components.Length; c++)
        {
            int k = components[c];
            values[k] = (float)(offset[c] + (spread * values[k]));
        }
    }
}
