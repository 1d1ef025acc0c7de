using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Photometric;

namespace Facebench.Plugins.Fit.Photometric;

/// <summary>Options of <c>fit.photometric</c> (YAML keys are the snake_case property names).</summary>
public sealed class FitPhotometricOptions
{
    [Option("The morphable model to fit: a name from the pipeline's components block or a model plugin id.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    [Option("The texture model for the same mesh (texture.procedural, texture.linear, texture.from-photos).")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture";

    [Option("Facet of the landmark fit to start from (what fit.landmarks stored); when a sample lacks it, the stage fits the landmarks itself and stores that fit there.")]
    public string LandmarkFit { get; set; } = "landmark_fit";

    [Option("Side of the square crop the fit works in, pixels: the photo is cropped around the landmarks and resampled.")]
    public int ImageSize { get; set; } = 224;

    [Option("Crop side as a multiple of the landmarks' bounding-box size.")]
    public double CropScale { get; set; } = 1.6;

    [Option("Identity components to fit (the first N of the model); -1 = all.")]
    public int Shape { get; set; } = -1;

    [Option("Expression components to fit; -1 = all.")]
    public int Expression { get; set; } = -1;

    [Option("Texture components to fit; -1 = all.")]
    public int TextureComponents { get; set; } = -1;

    [Option("Working size of UV texture maps, texels on a side (UV models are resampled to it).")]
    public int TextureSize { get; set; } = 256;

    [Option("Most L-BFGS iterations of the appearance stage (albedo and lighting on the landmark fit's geometry, after a closed-form start).")]
    public int AppearanceIterations { get; set; } = 40;

    [Option("Most L-BFGS iterations of the joint stage (pose, shape, expression, albedo and lighting).")]
    public int Iterations { get; set; } = 120;

    [Option("Iterations per round of the joint stage; each round rebuilds the Gauss–Newton preconditioner.")]
    public int RoundIterations { get; set; } = 40;

    [Option("Per-pixel penalty on the RGB distance: l2, l1 (smoothed; photometric_optimization, Deep3DFaceRecon) or huber.")]
    public PhotometricLossKind Loss { get; set; } = PhotometricLossKind.L1;

    [Option("Huber threshold on the RGB distance, grey levels (loss: huber).")]
    public double Huber { get; set; } = 20;

    [Option("Weight of the mean per-pixel penalty over the face mask (grey levels²).")]
    public double PhotometricWeight { get; set; } = 1;

    [Option("Weight of the mean squared landmark distance, per px² at the crop's resolution.")]
    public double LandmarkWeight { get; set; } = 10;

    [Option("Weight of the Gaussian prior ‖α‖² on identity coefficients.")]
    public double PriorIdentity { get; set; } = 5e-4;

    [Option("Weight of the Gaussian prior ‖β‖² on expression coefficients.")]
    public double PriorExpression { get; set; } = 5e-4;

    [Option("Weight of the Gaussian prior ‖γ‖² on texture coefficients.")]
    public double PriorTexture { get; set; } = 5e-4;

    [Option("Weight of ‖ℓ − ℓ₀‖² on the SH lighting (ℓ₀: white ambient light).")]
    public double PriorLighting { get; set; } = 5e-5;

    [Option("Fit the jaw-line landmarks as points sliding along the model's projected contour; false = fixed vertices.")]
    public bool Contours { get; set; } = true;

    [Option("Focal length in pixels; 0 = the sample's camera when it has one, otherwise field_of_view over the image width.")]
    public double FocalLength { get; set; }

    [Option("Horizontal field of view in degrees assumed for samples without a camera when focal_length is 0.")]
    public double FieldOfView { get; set; } = 40;

    [Option("Facet the fit is stored under; the render goes to '<facet>.render' (the default keeps 'photometric_render'). Give each model its own when several are fitted to the same samples.")]
    public string Facet { get; set; } = "photometric_fit";

    [Option("Also store the fit as a landmark fit under this facet (e.g. landmark_fit, for report.fit-errors); empty = not stored.")]
    public string FitFacet { get; set; } = "";

    [Option("Threads per render (rows in bands, pixels in slices); 1 suits runs that fit one sample per core (the default of a pipeline run).")]
    public int RenderThreads { get; set; } = 1;

    [Option("Keep the photo crop, render and mask as a working facet for later stages (not written to results.jsonl).")]
    public bool KeepRender { get; set; } = true;

    [Option("Store a compact preview (photo and render as JPEG, error map as PNG) under '<facet>.preview' in the results for the samples of index below this, for reports (report.photometric-comparison draws them); 0 = none.")]
    public int Previews { get; set; } = 4;

    [Option("Face-recognition ONNX model (ArcFace-style, 112×112, 5-point alignment; src/Identity), relative to the pipeline file: when set, the fit stores the identity cosine between the render composited over the photo and the photo, at the start and after the fit. Empty = not measured.")]
    public string Recogniser { get; set; } = "";

    [Option("Divisor of the recogniser's input normalisation (x − 127.5) / std: 128 for faceplugin's fr_feature, 127.5 for insightface's models.")]
    public double RecogniserStd { get; set; } = 128;
}
