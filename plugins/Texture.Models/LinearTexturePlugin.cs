using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Formats.Bfm;
using Facebench.Morphable.Formats.Flame;
using Facebench.Morphable.Texture;

namespace Facebench.Plugins.Texture.Models;

/// <summary>Options of <c>texture.linear</c>.</summary>
public sealed class LinearTextureOptions
{
    [Option("The texture model file: a BFM 2009 01_MorphableModel.mat (texMU/texPC/texEV, per vertex), a BFM 2017/2019 .h5 (/color/model, per vertex), or a FLAME FLAME_texture.npz / FLAME_albedo_from_BFM.npz (UV map).")]
    [ResolvePath]
    public required string Path { get; set; }

    [Option("The shape model the texture belongs to: its vertex and triangle counts are checked against the file.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    [Option("For FLAME_albedo_from_BFM.npz, which carries no texture coordinates: an OBJ with FLAME's UV layout (vt and f v/vt lines, e.g. head_template.obj).")]
    [ResolvePath]
    public string? UvLayout { get; set; }

    [Option("Components to keep (leading ones); -1 keeps all.")]
    public int Components { get; set; } = -1;

    [Option("When true, an empty path or a missing file makes the component unavailable (fit.photometric then skips its model with a note) instead of an error.")]
    public bool Optional { get; set; }
}

/// <summary>
/// A linear texture model read from the file its authors publish (the user brings it, under its licence): the BFM 2009
/// or 2017/2019 colour model (<see cref="BfmTextureReader"/>) or FLAME's UV texture spaces (<see cref="FlameTextureReader"/>).
/// The file kind is told by its extension (.mat, .h5, .npz). With <c>optional: true</c> and no file it is configured off
/// (<see cref="IOptionalModel"/>), as the licensed shape models are.
/// </summary>
[Plugin("texture.linear", PluginKind.Component, "1.0.0", "Linear texture model from a published file: BFM 2009 .mat or 2017/2019 .h5 (per vertex), or FLAME .npz texture spaces (UV map)")]
public sealed class LinearTexturePlugin : Plugin<LinearTextureOptions>, IComponent<ITextureModel>, IOptionalModel
{
    private ITextureModel? _texture;

    /// <inheritdoc />
    public ITextureModel Instance => _texture ?? throw new PluginInputException($"texture.linear is not available: {UnavailableReason ?? "used before Initialize"}");

    /// <inheritdoc />
    public bool IsAvailable => _texture is not null;

    /// <inheritdoc />
    public string? UnavailableReason { get; private set; }

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.Optional && OptionalComponents.UnavailableReason(Context, Options.Model) is { } modelReason)
        {
            UnavailableReason = $"its model '{Options.Model}' is not configured ({modelReason})";
            Context.Info($"texture.linear: not configured ({UnavailableReason}); skipped");
            return;
        }

        if (Options.Optional && (string.IsNullOrWhiteSpace(Options.Path) || !File.Exists(System.IO.Path.GetFullPath(Options.Path, Context.PipelineDirectory))))
        {
            UnavailableReason = string.IsNullOrWhiteSpace(Options.Path) ? "no 'path' given" : $"{Options.Path} does not exist";
            Context.Info($"texture.linear: not configured ({UnavailableReason}); skipped");
            return;
        }

        string path = System.IO.Path.GetFullPath(Options.Path, Context.PipelineDirectory);
        IMorphableModel model = Context.GetComponent<IMorphableModel>(Options.Model);
        int triangles = model.Triangles.Length / 3;
        string? uvLayout = Options.UvLayout is { Length: > 0 } layout ? System.IO.Path.GetFullPath(layout, Context.PipelineDirectory) : null;
        LinearTextureModel texture = System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".mat" or ".h5" => BfmTextureReader.Read(path, model.VertexCount),
            ".npz" => FlameTextureReader.Read(path, model.VertexCount, triangles, uvLayout, Options.Components),
            _ => throw new PluginInputException("unknown texture file kind; expected a BFM 2009 .mat, a BFM 2017/2019 .h5 or a FLAME .npz texture space", path),
        };

        if (texture.VertexCount != model.VertexCount)
        {
            throw new PluginInputException($"the texture is for {texture.VertexCount} vertices; model '{Options.Model}' ({model.Name}) has {model.VertexCount}", path);
        }

        _texture = Options.Components >= 0 ? texture.Truncate(Options.Components) : texture;
        Context.Info($"texture.linear: {_texture.Name}");
    }
}
