using Facebench.Contracts;

namespace Facebench.Plugins.Models;

/// <summary>Options of <c>model.sfm</c>.</summary>
public sealed class SfmModelOptions
{
    /// <summary>Where the public SFM sits inside the project's shared data folder.</summary>
    public const string SharedRelativePath = "models/sfm/sfm_shape_3448.bin";

    [Option("The eos MorphableModel archive (cereal binary), e.g. sfm_shape_3448.bin, relative to the pipeline file. Empty: shared/models/sfm/sfm_shape_3448.bin in FACEBENCH_SHARED or in a 'shared' folder beside the pipeline's or working directory's ancestors.")]
    [ResolvePath]
    public string Path { get; set; } = "";

    [Option("eos blendshapes archive; default: expression_blendshapes_3448.bin beside `path`; \"none\" for a shape-only model.")]
    [ResolvePath]
    public string? Expressions { get; set; }

    [Option("iBUG-68 to vertex mapping (eos TOML); default: ibug_to_sfm.txt beside `path`.")]
    [ResolvePath]
    public string? Landmarks { get; set; }

    [Option("Jaw-line contour vertex lists (eos JSON); default: sfm_model_contours.json beside `path`; \"none\" for no sliding contour.")]
    [ResolvePath]
    public string? Contours { get; set; }

    [Option("Identity components to keep (leading PCA components); 0 keeps all (63 for SFM 3448).")]
    public int IdentityComponents { get; set; }

    [Option("Expression blendshapes to keep; -1 keeps all (6 for SFM 3448).")]
    public int ExpressionComponents { get; set; } = -1;
}
