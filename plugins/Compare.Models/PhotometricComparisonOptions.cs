using Facebench.Contracts;

namespace Facebench.Plugins.Compare.Models;

/// <summary>Options of <c>report.photometric-comparison</c>.</summary>
public sealed class PhotometricComparisonOptions
{
    [Option("The compared model components, in the order of the tables; optional ones that are not configured are noted as skipped.")]
    public string[] Models { get; set; } = [];

    [Option("Facet of each model's photometric fit (fit.photometric's 'facet'); {model} stands for the component name.")]
    public string FitFacet { get; set; } = "photometric_fit.{model}";

    [Option("Facet of each model's landmark-only fit, the photometric fit's start (fit.photometric's 'landmark_fit'); {model} stands for the component name.")]
    public string LandmarkFacet { get; set; } = "landmark_fit.{model}";

    [Option("Sample label the second table breaks errors down by; samples without it count as group '(none)'.")]
    public string GroupBy { get; set; } = "group";

    [Option("Samples drawn as figures (photo | render | render over photo | error map, one row per model).")]
    public int Overlays { get; set; } = 4;

    [Option("Top of the error map's colour scale, grey levels: the same for every figure so that they compare.")]
    public double ErrorScale { get; set; } = 48;
}
