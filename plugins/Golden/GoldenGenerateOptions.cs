using Facebench.Audit.Classifiers;
using Facebench.Audit.Golden;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Golden;

/// <summary>Options of <c>analysis.golden</c>.</summary>
public sealed class GoldenGenerateOptions
{
    [Option("Golden-set file: .csv listing samples of the run (id,<attribute>) or .yaml with a target distribution (attribute, size, target). Empty: derive one from `target` and `size`.")]
    [ResolvePath]
    public string Golden { get; set; } = "";

    [Option("Target distribution when no file is given, value → share; empty: uniform over the values present.")]
    public Dictionary<string, double> Target { get; set; } = [];

    [Option("Golden samples to derive when no file is given.")]
    public int Size { get; set; } = 40;

    [Option("The attribute the golden set is balanced over and the classifier predicts.")]
    public string Attribute { get; set; } = "group";

    [Option("The sensitive attribute of the equalized-odds gap and the per-group accuracies (often the same as `attribute`).")]
    public string Sensitive { get; set; } = "group";

    [Option("The model the run's samples were drawn from: golden and test features are computed from their true parameters.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string TruthModel { get; set; } = "model";

    [Option("The model whose latents (identity coefficients) are moved towards the golden set, e.g. the audited, biased model.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Generator { get; set; } = "model";

    [Option("The (biased) classifier to fine-tune: a classify.* component.")]
    [ComponentRef(typeof(FaceAttributeClassifier))]
    public string Classifier { get; set; } = "classifier";

    [Option("Rounds of generate + fine-tune.")]
    public int Rounds { get; set; } = 3;

    [Option("Samples generated per round (split over the golden set's values in its proportions).")]
    public int PerRound { get; set; } = 120;

    [Option("Optimisation steps per generation.")]
    public int Iterations { get; set; } = 60;

    [Option("Adam step size in σ units of the generator's coefficients.")]
    public double StepSize { get; set; } = 0.1;

    [Option("auto (analytic when the generator is differentiable), analytic, or zeroth_order (SPSA).")]
    public GradientMode Gradient { get; set; } = GradientMode.Auto;

    [Option("Perturbations averaged per zeroth-order gradient estimate.")]
    public int Directions { get; set; } = 8;

    [Option("Panels of the density strip (iterations of round 1, evenly spaced from the first to the last).")]
    public int StripPanels { get; set; } = 4;

    [Option("L2 penalty of fine-tuning.")]
    public double L2 { get; set; } = 0.01;

    [Option("Pull of fine-tuning towards the previous round's classifier: weight α of its soft labels on the new samples (0 = a plain warm start, the default: the pull keeps the bias the loop removes).")]
    public double Anchor { get; set; }
}
