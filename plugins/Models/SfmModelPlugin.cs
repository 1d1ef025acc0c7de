using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;

namespace Facebench.Plugins.Models;

/// <summary>
/// The Surrey Face Model (Huber et al. 2016) read from the files eos publishes: shape PCA model, expression
/// blendshapes, iBUG mapping and jaw-line contours (see <see cref="SfmModelReader"/>). Length unit: millimetres.
/// </summary>
[Plugin("model.sfm", PluginKind.Component, "1.0.0", "Surrey Face Model (3448 vertices, 63 identity PCA components, 6 blendshapes) read from eos's cereal archives")]
public sealed class SfmModelPlugin : Plugin<SfmModelOptions>, IComponent<IMorphableModel>
{
    private IMorphableModel? _model;

    /// <inheritdoc />
    public IMorphableModel Instance => _model ?? throw new InvalidOperationException("model.sfm was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        string shape = Resolve(Options.Path)
            ?? SharedDataLocator.Find(SfmModelOptions.SharedRelativePath, Context.PipelineDirectory)
            ?? throw new PluginInputException($"no 'path' given and {SfmModelOptions.SharedRelativePath} was not found in FACEBENCH_SHARED or a 'shared' folder above {Context.PipelineDirectory}; set path: to the eos model archive (e.g. sfm_shape_3448.bin).");
        string folder = Path.GetDirectoryName(shape) ?? ".";
        string? Companion(string? option, string fileName) => IsNone(option) ? null : Resolve(option) ?? Path.Combine(folder, fileName);

        LinearMorphableModel model = SfmModelReader.Read(
            shape,
            Companion(Options.Expressions, SfmModelReader.ExpressionsFileName),
            Companion(Options.Landmarks, SfmModelReader.LandmarksFileName),
            Companion(Options.Contours, SfmModelReader.ContoursFileName));

        if (Options.IdentityComponents < 0)
        {
            throw new PluginInputException($"option 'identity_components' is {Options.IdentityComponents}; expected 0 (all) or 1..{model.IdentityCount}");
        }

        int identity = Options.IdentityComponents == 0 ? model.IdentityCount : Options.IdentityComponents;
        int expression = Options.ExpressionComponents < 0 ? model.ExpressionCount : Options.ExpressionComponents;
        _model = model.Truncate(identity, expression);
        Context.Info($"model.sfm: {_model.Name}, {_model.VertexCount} vertices, {_model.IdentityCount} identity and {_model.ExpressionCount} expression components, {_model.Landmarks.MappedCount} mapped landmarks");
    }

    private static bool IsNone(string? value) => string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The host resolves [ResolvePath] options against the pipeline folder; resolving again here keeps the plugin
    /// usable without the host (tests, defaults that the host did not touch).
    /// </summary>
    private string? Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path, Context.PipelineDirectory);
}
