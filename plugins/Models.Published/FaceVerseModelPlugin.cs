using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Morphable.Formats.FaceVerse;

namespace Facebench.Plugins.Models.Published;

/// <summary>Options of <c>model.faceverse</c>.</summary>
public sealed class FaceVerseModelOptions : PublishedModelOptions
{
    [Option("Millimetres per model unit; 0 infers it from the mean face's width (FaceVerse does not state its unit).")]
    public double MillimetresPerUnit { get; set; }
}

/// <summary>
/// FaceVerse (Wang et al. 2022) from its published <c>.npy</c> model dictionaries (v1/v2 layout, and v3 with its
/// axes flipped back): mean shape, identity and expression bases, triangles and the 68 iBUG keypoints.
/// </summary>
[Plugin("model.faceverse", PluginKind.Component, "1.0.0", "FaceVerse model dictionary (.npy): identity and expression bases, 68 keypoints")]
public sealed class FaceVerseModelPlugin : PublishedModelPlugin<FaceVerseModelOptions>
{
    /// <inheritdoc />
    protected override string Id => "model.faceverse";

    /// <inheritdoc />
    protected override string Expected => "the FaceVerse model dictionary (e.g. faceverse_simple_v2.npy)";

    /// <inheritdoc />
    protected override IMorphableModel Load(string path) =>
        Options.MillimetresPerUnit < 0
            ? throw new PluginInputException($"model.faceverse: option 'millimetres_per_unit' is {Options.MillimetresPerUnit}; expected 0 (infer) or a positive number")
            : FaceVerseReader.Read(path, Options.MillimetresPerUnit);

    /// <inheritdoc />
    protected override IMorphableModel Truncate(IMorphableModel model, int identity, int expression) =>
        ((LinearMorphableModel)model).Truncate(identity, expression);
}
