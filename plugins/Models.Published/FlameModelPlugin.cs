using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Articulated;
using Facebench.Morphable.Formats.Flame;

namespace Facebench.Plugins.Models.Published;

/// <summary>Options of <c>model.flame</c>.</summary>
public sealed class FlameModelOptions : PublishedModelOptions
{
    [Option("FLAME landmark embedding: DECA's landmark_embedding.npy, or RingNet's flame_static_embedding.pkl; default: one of those names beside 'path'; \"none\" for no landmarks.")]
    [ResolvePath]
    public string? Landmarks { get; set; }

    [Option("RingNet's flame_dynamic_embedding.npy (yaw-dependent jaw line) to go with a static .pkl embedding; default: that name beside 'path'.")]
    [ResolvePath]
    public string? DynamicLandmarks { get; set; }

    [Option("How many leading shapedirs columns are identity components; 0 = FLAME's published split (300 identity + 100 expression).")]
    public int FileIdentityComponents { get; set; }
}

/// <summary>
/// FLAME (Li et al. 2017) from its published files: FLAME 2020 <c>generic_model.pkl</c>, FLAME 2023 <c>flame2023.pkl</c>
/// or an <c>.npz</c> conversion, with the landmark embedding (static and yaw-dependent contour). The component is an
/// <see cref="IArticulatedModel"/>: <c>fit.landmarks</c> fits its jaw (and optionally neck) rotation. Metres.
/// </summary>
[Plugin("model.flame", PluginKind.Component, "1.0.0", "FLAME 2020/2023 (.pkl, .npz) with LBS, pose correctives and the dynamic landmark embedding")]
public sealed class FlameModelPlugin : PublishedModelPlugin<FlameModelOptions>
{
    /// <inheritdoc />
    protected override string Id => "model.flame";

    /// <inheritdoc />
    protected override string Expected => "the FLAME model file (generic_model.pkl, flame2023.pkl or an .npz conversion)";

    /// <inheritdoc />
    protected override IMorphableModel Load(string path)
    {
        if (Options.FileIdentityComponents < 0)
        {
            throw new PluginInputException($"model.flame: option 'file_identity_components' is {Options.FileIdentityComponents}; expected 0 (FLAME's split) or a number of columns");
        }

        string? landmarks = ResolveOrBeside(Options.Landmarks, path, "landmark_embedding.npy", "flame_static_embedding.pkl");
        string? dynamic = ResolveOrBeside(Options.DynamicLandmarks, path, "flame_dynamic_embedding.npy");
        return FlameReader.Read(path, new FlameReadOptions
        {
            FileIdentityComponents = Options.FileIdentityComponents == 0 ? null : Options.FileIdentityComponents,
            LandmarkEmbeddingPath = landmarks,
            DynamicEmbeddingPath = landmarks is not null && landmarks.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) ? dynamic : null,
        });
    }

    /// <inheritdoc />
    protected override IMorphableModel Truncate(IMorphableModel model, int identity, int expression) =>
        ((ArticulatedMorphableModel)model).Truncate(identity, expression);
}
