using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>Options of <c>dataset.synthetic</c>.</summary>
public sealed class SyntheticDatasetOptions
{
    [Option("The morphable-model component faces are drawn from (a components entry or a model plugin id).")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model.reference";

    [Option("Number of faces.")]
    public int Count { get; set; } = 200;

    [Option("Sub-populations with their own identity prior and label (empty: one population, no label).")]
    public List<SyntheticGroup> Groups { get; set; } = [];

    [Option("Spread of the expression coefficients (standard deviation of the underlying normal).")]
    public double ExpressionScale { get; set; } = 0.5;

    [Option("half_normal for blendshape weights (default), normal for expression PCA models.")]
    public ExpressionDistribution ExpressionDistribution { get; set; } = ExpressionDistribution.HalfNormal;

    [Option("Yaw range [min, max] in degrees, drawn uniformly; positive turns the face to the subject's left.")]
    public double[] Yaw { get; set; } = [-45, 45];

    [Option("Pitch range [min, max] in degrees, drawn uniformly; positive looks up.")]
    public double[] Pitch { get; set; } = [-20, 20];

    [Option("Roll range [min, max] in degrees, drawn uniformly; positive is counter-clockwise in the image.")]
    public double[] Roll { get; set; } = [-10, 10];

    [Option("Image width in pixels.")]
    public int ImageWidth { get; set; } = 640;

    [Option("Image height in pixels.")]
    public int ImageHeight { get; set; } = 480;

    [Option("Horizontal field of view of the pinhole camera, degrees.")]
    public double FieldOfView { get; set; } = 40;

    [Option("Range [min, max] of the face width (jaw outline, ear to ear) as a fraction of the image width; sets the distance.")]
    public double[] FaceFraction { get; set; } = [0.35, 0.5];

    [Option("Largest shift of the face centre from the image centre, as a fraction of the image size (uniform).")]
    public double CenterJitter { get; set; } = 0.05;

    [Option("Standard deviation of the Gaussian noise added to each observed landmark coordinate, pixels.")]
    public double NoiseSigma { get; set; } = 1.0;

    [Option("Fraction of observed landmarks that are outliers (displaced in a random direction).")]
    public double OutlierFraction { get; set; }

    [Option("Distance an outlier landmark is moved, pixels.")]
    public double OutlierDisplacement { get; set; } = 20;
}
