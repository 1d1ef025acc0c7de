using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Dataset.Rendered;

/// <summary>
/// A further population of <c>dataset.rendered</c>: faces drawn from one model's prior (identity and albedo
/// N(0, s²) in σ units), rendered with the same camera, pose and light distributions as the main population and
/// labelled with the population's name, so that image classifiers can read several priors side by side in one run.
/// </summary>
public sealed class RenderedPrior
{
    [Option("Name of the population (the value of Labels[prior_label]; sample ids are rendered-<name>-000000, ...).")]
    public string Name { get; set; } = "";

    [Option("The morphable model whose prior is rendered (a components entry or a model plugin id).")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "";

    [Option("The texture model for the same mesh that colours the faces.")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture.procedural";

    [Option("Number of faces.")]
    public int Count { get; set; } = 20;

    [Option("Spread of the identity coefficients (σ units; 1 = the model's prior).")]
    public double IdentityScale { get; set; } = 1;

    [Option("Spread of the texture coefficients (σ units; 1 = the texture model's prior).")]
    public double TextureScale { get; set; } = 1;
}
