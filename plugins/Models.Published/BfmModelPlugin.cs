using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Morphable.Formats.Bfm;

namespace Facebench.Plugins.Models.Published;

/// <summary>Options of <c>model.bfm</c>.</summary>
public sealed class BfmModelOptions : PublishedModelOptions
{
    [Option("iBUG-68 to vertex mapping in eos's TOML format (eos share/ibug_to_bfm2009.txt-style files; eos publishes them for BFM 2009 and 2017); default: ibug_to_bfm.txt or ibug_to_bfm2017-1_bfm_nomouth.txt beside 'path'; \"none\" for no landmarks.")]
    [ResolvePath]
    public string? Landmarks { get; set; }

    [Option("Jaw-line contour vertex lists in eos's JSON format (eos share/bfm2009_model_contours.json, bfm2017-1_bfm_nomouth_model_contours.json); default: those names beside 'path'; \"none\" for no sliding contour.")]
    [ResolvePath]
    public string? Contours { get; set; }

    [Option("Millimetres per model unit; 0 infers it from the mean face's width (BFM 2009 is in micrometres, 2017/2019 in millimetres).")]
    public double MillimetresPerUnit { get; set; }
}

/// <summary>
/// The Basel Face Model: 2009 (<c>01_MorphableModel.mat</c>, MATLAB level 5) and 2017/2019 (<c>.h5</c>, read through
/// PureHDF), with eos's iBUG-68 mapping and contour files (the map users of BFM commonly use with eos).
/// </summary>
[Plugin("model.bfm", PluginKind.Component, "1.0.0", "Basel Face Model 2009 (.mat) and 2017/2019 (.h5, via PureHDF), with eos's iBUG-68 mapping")]
public sealed class BfmModelPlugin : PublishedModelPlugin<BfmModelOptions>
{
    /// <inheritdoc />
    protected override string Id => "model.bfm";

    /// <inheritdoc />
    protected override string Expected => "the BFM file (01_MorphableModel.mat, model2017-1_bfm_nomouth.h5, model2019_*.h5)";

    /// <inheritdoc />
    protected override IMorphableModel Load(string path)
    {
        if (Options.MillimetresPerUnit < 0)
        {
            throw new PluginInputException($"model.bfm: option 'millimetres_per_unit' is {Options.MillimetresPerUnit}; expected 0 (infer) or a positive number");
        }

        string? landmarks = ResolveOrBeside(Options.Landmarks, path, "ibug_to_bfm.txt", "ibug_to_bfm2009.txt", "ibug_to_bfm2017-1_bfm_nomouth.txt");
        string? contours = ResolveOrBeside(Options.Contours, path, "bfm2009_model_contours.json", "bfm2017-1_bfm_nomouth_model_contours.json");
        if (landmarks is null)
        {
            Context.Warn("model.bfm: no iBUG-68 mapping found (option 'landmarks'); eos publishes ibug_to_bfm*.txt mappings for BFM 2009 and 2017 in its share/ folder");
        }

        return BfmReader.Read(path, landmarks, landmarks is null ? null : contours, Options.MillimetresPerUnit);
    }

    /// <inheritdoc />
    protected override IMorphableModel Truncate(IMorphableModel model, int identity, int expression) =>
        ((LinearMorphableModel)model).Truncate(identity, expression);
}
