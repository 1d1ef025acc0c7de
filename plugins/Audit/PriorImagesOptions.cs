using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>analysis.prior-images</c>.</summary>
public sealed class PriorImagesOptions
{
    [Option("The label whose values name the populations (dataset.rendered's prior_label: one population per model prior).")]
    public string PopulationLabel { get; set; } = "prior";

    [Option("Read a stored attribute prediction (a head of classify.onnx or classify.probe); leave empty when `probe` is given.")]
    public string Head { get; set; } = "";

    [Option("Read with a probe saved earlier in this run by analysis.attribute-probe (its `save` path, relative to the run folder), applied to the feature facet it was trained on; leave empty when `head` is given.")]
    public string Probe { get; set; } = "";

    [Option("Target distribution, value → share (normalised); empty: uniform over the values read.")]
    public Dictionary<string, double> Target { get; set; } = [];
}
