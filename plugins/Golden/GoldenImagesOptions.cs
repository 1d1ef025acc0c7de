using Facebench.Audit.Golden;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Golden;

/// <summary>Options of <c>analysis.golden-images</c>.</summary>
public sealed class GoldenImagesOptions
{
    [Option("The morphable model the run's renders were drawn from (dataset.rendered's model); its identity coefficients are the first part of the latent.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    [Option("The per-vertex texture model of the renders (dataset.rendered's texture); its albedo coefficients are the second part of the latent.")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture";

    [Option("The face-recognition ONNX model whose embeddings are the features (ArcFace-style, 112×112), relative to the pipeline file.")]
    public string Recogniser { get; set; } = "../tools/faceplugin/model/fr_feature.onnx";

    [Option("Divisor of the recogniser's input normalisation (x − 127.5) / std: 128 for fr_feature, 127.5 for insightface's models.")]
    public double RecogniserStd { get; set; } = 128;

    [Option("The attribute the golden set is balanced over and the probe predicts.")]
    public string Attribute { get; set; } = "group";

    [Option("The sensitive attribute of the per-group accuracies and the equalized-odds gap (often the same as `attribute`).")]
    public string Sensitive { get; set; } = "group";

    [Option("Distribution of the golden set, value → share; empty: uniform over the values present.")]
    public Dictionary<string, double> Target { get; set; } = [];

    [Option("Golden samples drawn from the run's renders.")]
    public int Size { get; set; } = 24;

    [Option("Distribution of the biased probe's training renders, value → share (e.g. {A: 0.95, B: 0.05}).")]
    public Dictionary<string, double> TrainTarget { get; set; } = [];

    [Option("Training renders of the biased probe, drawn from the renders outside the golden set; the rest are the held-out test set.")]
    public int TrainSize { get; set; } = 60;

    [Option("Leading identity components of the model in the latent (σ units).")]
    public int IdentityComponents { get; set; } = 10;

    [Option("Leading albedo components of the texture model in the latent (σ units).")]
    public int TextureComponents { get; set; } = 8;

    [Option("Side of the square render the embeddings are read from, pixels.")]
    public int ImageSize { get; set; } = 128;

    [Option("Rounds of generate + fine-tune.")]
    public int Rounds { get; set; } = 3;

    [Option("Renders generated per round (split over the golden set's values in its proportions).")]
    public int PerRound { get; set; } = 24;

    [Option("Optimisation steps per generation.")]
    public int Iterations { get; set; } = 10;

    [Option("Adam step size in σ units of the latent.")]
    public double StepSize { get; set; } = 0.15;

    [Option("auto (analytic: the generator is differentiable), analytic, or zeroth_order (SPSA).")]
    public GradientMode Gradient { get; set; } = GradientMode.Auto;

    [Option("Perturbations averaged per zeroth-order gradient estimate.")]
    public int Directions { get; set; } = 4;

    [Option("Panels of each round's density strip (iterations evenly spaced from the first to the last).")]
    public int StripPanels { get; set; } = 3;

    [Option("L2 penalty of the probe's training and fine-tuning.")]
    public double L2 { get; set; } = 0.01;

    [Option("Threads of the recogniser's ONNX Runtime session.")]
    public int Threads { get; set; } = 2;
}
