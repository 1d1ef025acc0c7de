using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>report.bias</c>.</summary>
public sealed class BiasReportOptions
{
    [Option("The fits to audit: model component → facet its fit.landmarks stored the fit under, e.g. { balanced: landmark_fit.balanced, imbalanced: landmark_fit.imbalanced }.")]
    public Dictionary<string, string> Fits { get; set; } = new() { ["model"] = "landmark_fit" };

    [Option("The model the samples' ground truth was drawn from (for the 3D vertex error); empty: no 3D error.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string TruthModel { get; set; } = "";

    [Option("The model (a key of `fits`) every other model is compared with on the same samples; empty: the first.")]
    public string Baseline { get; set; } = "";

    [Option("Sample labels to break errors down by.")]
    public string[] GroupBy { get; set; } = ["group"];

    [Option("Bootstrap resamples for the confidence intervals.")]
    public int Resamples { get; set; } = 2000;

    [Option("Random relabellings of the permutation tests.")]
    public int Permutations { get; set; } = 5000;

    [Option("The findings board the summary reads (normally the audit.findings plugin itself).")]
    public string Findings { get; set; } = "audit.findings";
}
