using Facebench.Audit.Features;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Classify.LinearProbe;

/// <summary>Options of <c>classify.linear-probe</c>.</summary>
public sealed class LinearProbeOptions
{
    [Option("The model the labelled training faces are drawn from (a components entry or a model plugin id).")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Generator { get; set; } = "model.reference";

    [Option("The training population's groups (as model.pca's); their names are the classes, their proportions the training make-up (skew them for a biased classifier).")]
    public List<PopulationGroup> Groups { get; set; } = [];

    [Option("Labelled faces drawn (training plus held-out).")]
    public int Count { get; set; } = 400;

    [Option("The attribute the classifier predicts (the sample label its classes are values of).")]
    public string Attribute { get; set; } = "group";

    [Option("geometry: 3D landmark positions in mm, comparable across models with the same landmarks; coefficients: the generator's first identity coefficients.")]
    public FeatureKind Features { get; set; } = FeatureKind.Geometry;

    [Option("Identity coefficients used as features when features = coefficients.")]
    public int Coefficients { get; set; } = 10;

    [Option("L2 penalty λ on the standardised weights.")]
    public double L2 { get; set; } = 0.01;

    [Option("Most L-BFGS iterations.")]
    public int Iterations { get; set; } = 300;

    [Option("Share of each group held out for the per-group metrics and per-class calibration (0 = train on everything).")]
    public double HeldOut { get; set; } = 0.25;

    [Option("Equal-width probability bins of the per-class reliability diagrams.")]
    public int CalibrationBins { get; set; } = 10;
}
