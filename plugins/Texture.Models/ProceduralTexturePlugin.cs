using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;

namespace Facebench.Plugins.Texture.Models;

/// <summary>Options of <c>texture.procedural</c>.</summary>
public sealed class ProceduralTextureOptions
{
    [Option("Colour components to keep (leading PCA components of the procedural colour fields), 0..8.")]
    public int Components { get; set; } = 8;

    [Option("The model the texture is for (checked to be the reference head's mesh); empty to skip the check.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "";
}

/// <summary>
/// The embedded default texture: the <b>synthetic</b> procedural albedo of the reference head
/// (<see cref="ReferenceAlbedoBuilder"/>): a hand-made mean face (skin, hair, brows, lips, eyes) with eight colour
/// components and a face region. Per vertex, for <c>model.reference</c>'s 12,674-vertex mesh. Not learnt from photos.
/// </summary>
[Plugin("texture.procedural", PluginKind.Component, "1.0.0", "Synthetic procedural albedo of the reference head (per vertex, 8 colour components, face region); no download needed")]
public sealed class ProceduralTexturePlugin : Plugin<ProceduralTextureOptions>, IComponent<ITextureModel>
{
    private ITextureModel? _texture;

    /// <inheritdoc />
    public ITextureModel Instance => _texture ?? throw new InvalidOperationException("texture.procedural was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        int max = ReferenceAlbedoBuilder.MaxComponents;
        if (Options.Components < 0 || Options.Components > max)
        {
            throw new PluginInputException($"texture.procedural: option 'components' is {Options.Components}; expected 0..{max}");
        }

        _texture = ReferenceAlbedoBuilder.Build(Options.Components);
        if (Options.Model.Length > 0)
        {
            IMorphableModel model = Context.GetComponent<IMorphableModel>(Options.Model);
            if (model.VertexCount != _texture.VertexCount)
            {
                throw new PluginInputException($"texture.procedural is the reference head's albedo ({_texture.VertexCount} vertices); model '{Options.Model}' ({model.Name}) has {model.VertexCount} vertices. Use texture.from-photos or texture.linear for other models.");
            }
        }
    }
}
