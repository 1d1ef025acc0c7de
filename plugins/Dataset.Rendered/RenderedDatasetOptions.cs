using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Dataset.Rendered;

/// <summary>Options of <c>dataset.rendered</c>.</summary>
public sealed class RenderedDatasetOptions
{
    [Option("The morphable model faces are drawn from (a components entry or a model plugin id).")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model.reference";

    [Option("The texture model for the same mesh that colours them.")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture.procedural";

    [Option("Number of faces.")]
    public int Count { get; set; } = 20;

    [Option("Spread of the identity coefficients (standard deviation, σ units).")]
    public double IdentityScale { get; set; } = 0.8;

    [Option("Spread of the expression coefficients (half-normal for blendshapes).")]
    public double ExpressionScale { get; set; } = 0.4;

    [Option("Spread of the texture coefficients (standard deviation, σ units).")]
    public double TextureScale { get; set; } = 1.0;

    [Option("Yaw range [min, max] in degrees, uniform; positive turns the face to the subject's left.")]
    public double[] Yaw { get; set; } = [-30, 30];

    [Option("Pitch range [min, max] in degrees, uniform; positive looks up.")]
    public double[] Pitch { get; set; } = [-10, 10];

    [Option("Roll range [min, max] in degrees, uniform.")]
    public double[] Roll { get; set; } = [-5, 5];

    [Option("Ambient light range [min, max] (shading of a surface facing away from the directional light), uniform.")]
    public double[] Ambient { get; set; } = [0.5, 0.7];

    [Option("Directional light range [min, max] (added shading of a surface facing the light), uniform; its direction is drawn in the front hemisphere.")]
    public double[] Directional { get; set; } = [0.15, 0.35];

    [Option("Spread of the light's colour per channel around white (standard deviation).")]
    public double LightColour { get; set; } = 0.04;

    [Option("Image width in pixels.")]
    public int ImageWidth { get; set; } = 320;

    [Option("Image height in pixels.")]
    public int ImageHeight { get; set; } = 320;

    [Option("Horizontal field of view of the pinhole camera, degrees.")]
    public double FieldOfView { get; set; } = 30;

    [Option("Range [min, max] of the face width (outer jaw landmarks) as a fraction of the image width; sets the distance.")]
    public double[] FaceFraction { get; set; } = [0.45, 0.6];

    [Option("Background grey level, 0–255.")]
    public double Background { get; set; } = 110;

    [Option("Standard deviation of Gaussian noise added to every pixel value, grey levels (0 = noise-free).")]
    public double NoiseSigma { get; set; }

    [Option("Standard deviation of Gaussian noise added to each observed landmark coordinate, pixels.")]
    public double LandmarkNoise { get; set; }

    [Option("Labelled sub-populations (name, proportion, components/offset/variance_scale on identity, texture_components/texture_offset/texture_variance_scale on albedo); empty = one unlabelled population.")]
    public List<PopulationGroup> Groups { get; set; } = [];

    [Option("Label key under which each sample's group name is stored (with `groups`).")]
    public string Label { get; set; } = "group";

    [Option("Further populations rendered after the main one, each from one model's prior (name, model, texture, count, identity_scale, texture_scale) and labelled by its name: prior audits on images read them side by side.")]
    public List<RenderedPrior> Priors { get; set; } = [];

    [Option("Label key under which a `priors` population's name is stored.")]
    public string PriorLabel { get; set; } = "prior";
}
