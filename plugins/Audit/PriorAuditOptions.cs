using Facebench.Audit.Classifiers;
using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>analysis.prior-audit</c>.</summary>
public sealed class PriorAuditOptions
{
    [Option("Model components whose priors are audited (components entries or model plugin ids).")]
    public string[] Models { get; set; } = ["model"];

    [Option("The attribute classifier (a classify.* component).")]
    [ComponentRef(typeof(FaceAttributeClassifier))]
    public string Classifier { get; set; } = "classifier";

    [Option("Target distribution of the attribute, value → share (normalised); empty: uniform over the classifier's classes.")]
    public Dictionary<string, double> Target { get; set; } = [];

    [Option("Faces drawn from each model's prior.")]
    public int Samples { get; set; } = 1000;
}
