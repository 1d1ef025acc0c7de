using Facebench.Audit.Populations;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Dataset.Rendered;

/// <summary>
/// One population <c>dataset.rendered</c> renders: the main one (optionally in labelled groups) or one of its
/// <c>priors</c>, with the resolved model and texture model and what each sample is labelled with.
/// </summary>
/// <param name="IdPrefix">Sample ids are <c>&lt;prefix&gt;000000</c>, ….</param>
/// <param name="ModelId">The model's reference (stored on each sample).</param>
/// <param name="Model">The model.</param>
/// <param name="TextureId">The texture model's reference (stored on each sample).</param>
/// <param name="Texture">The texture model.</param>
/// <param name="JawWidth">Distance between the outer jaw landmarks of the mean face (sets the camera distance).</param>
/// <param name="Count">Faces rendered.</param>
/// <param name="IdentityScale">Spread of the identity draws, σ units.</param>
/// <param name="TextureScale">Spread of the texture draws, σ units.</param>
/// <param name="Groups">Group of each face (empty: no groups).</param>
/// <param name="LabelKey">The label the group or population name is stored under.</param>
/// <param name="LabelValue">The population's name for every face (priors), or null (the group names are used).</param>
internal sealed record RenderedPopulation(
    string IdPrefix, string ModelId, IMorphableModel Model, string TextureId, ITextureModel Texture, double JawWidth,
    int Count, double IdentityScale, double TextureScale, PopulationGroup[] Groups, string LabelKey, string? LabelValue);
