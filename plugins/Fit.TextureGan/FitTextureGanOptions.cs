using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Fit.TextureGan;

/// <summary>Options of <c>fit.texture-gan</c> (YAML keys are the snake_case property names).</summary>
public sealed class FitTextureGanOptions
{
    [Option("The morphable model: a name from the pipeline's components block.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    [Option("The linear texture model of the landmark and photometric stages (and the comparison).")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture";

    [Option("The texture generator of the last stage (texture.generator-test or texture.generator-onnx).")]
    [ComponentRef(typeof(ITextureGenerator))]
    public string Generator { get; set; } = "generator";

    [Option("The face-recognition ONNX model of the identity term (ArcFace-style, 112×112, 5-point alignment), relative to the pipeline file.")]
    public string Recogniser { get; set; } = "../tools/faceplugin/model/fr_feature.onnx";

    [Option("Divisor of the recogniser's input normalisation (x − 127.5) / std: 128 for fr_feature, 127.5 for insightface's models.")]
    public double RecogniserStd { get; set; } = 128;

    [Option("Weight of the photometric term (mean RGB distance over the face mask, values in [0, 1]).")]
    public double PhotometricWeight { get; set; } = 2;

    [Option("Weight of the identity term 1 − cos; 0 turns it off.")]
    public double IdentityWeight { get; set; } = 0.2;

    [Option("Weight of the content term: mean squared difference of the content layers' activations between photo and render (summed over layers); 0 turns it off.")]
    public double ContentWeight { get; set; }

    [Option("Tensor names of the recogniser's activations compared by the content term (e.g. PRelu outputs of fr_feature); required when content_weight > 0.")]
    public string[] ContentLayers { get; set; } = [];

    [Option("Weight of ‖z‖², the latent code's prior.")]
    public double PriorLatent { get; set; } = 1e-4;

    [Option("Weight of ‖ℓ − ℓ₀‖², lighting kept near the photometric fit's.")]
    public double PriorLighting { get; set; } = 1e-4;

    [Option("GANFIT's last stage: fit shape, expression and pose jointly with the latent code and lighting under all terms (false keeps the photometric fit's geometry).")]
    public bool JointGeometry { get; set; } = true;

    [Option("Weight of the mean squared landmark distance (crop px²) in the all-terms stage; 0.08 keeps the photometric fit's balance of landmarks against pixels.")]
    public double LandmarkWeight { get; set; } = 0.08;

    [Option("Weight of ‖α‖² (identity coefficients, σ units) in the all-terms stage.")]
    public double PriorIdentity { get; set; } = 1e-4;

    [Option("Weight of ‖β‖² (expression coefficients, σ units) in the all-terms stage.")]
    public double PriorExpression { get; set; } = 1e-4;

    [Option("L-BFGS iterations of the generator against the photometric term alone.")]
    public int PhotometricIterations { get; set; } = 30;

    [Option("L-BFGS iterations of the generator with all terms, geometry frozen.")]
    public int Iterations { get; set; } = 30;

    [Option("L-BFGS iterations of the last stage over shape, expression and pose too (after 'iterations' with the geometry frozen); used with joint_geometry.")]
    public int JointIterations { get; set; } = 20;

    [Option("Also fit the generator with the identity and content terms off (same schedule otherwise) and store that fit's identity cosine: the ablation that shows what the identity loss buys on each photo.")]
    public bool CompareWithoutIdentity { get; set; }

    [Option("Width and height, texels, of the uv texture the generator's per-vertex colours are baked into (models with texture coordinates).")]
    public int UvTextureSize { get; set; } = 512;

    [Option("Horizontal field of view of the photo's camera, degrees (no camera facet on real photos).")]
    public double FieldOfView { get; set; } = 40;
}
