using Facebench.Contracts;

namespace Facebench.Plugins.Compare.Models;

/// <summary>Options of <c>dataset.model-comparison</c>.</summary>
public sealed class ModelComparisonOptions
{
    [Option("Model components to compare, by their names in the pipeline's components block; optional ones that are not configured are skipped (and noted in the report).")]
    public string[] Models { get; set; } = [];

    [Option("Faces per model.")]
    public int Count { get; set; } = 100;

    [Option("Yaw range [min, max] in degrees, uniform.")]
    public double[] Yaw { get; set; } = [-30, 30];

    [Option("Pitch range [min, max] in degrees, uniform.")]
    public double[] Pitch { get; set; } = [-10, 10];

    [Option("Roll range [min, max] in degrees, uniform.")]
    public double[] Roll { get; set; } = [-8, 8];

    [Option("Spread (standard deviation) of the expression coefficients, in the model's σ units.")]
    public double ExpressionScale { get; set; } = 0.5;

    [Option("Largest jaw opening of articulated models (FLAME), radians about the jaw joint's x axis; drawn uniformly from [0, max].")]
    public double JawMax { get; set; } = 0.2;

    [Option("Image width in pixels.")]
    public int ImageWidth { get; set; } = 640;

    [Option("Image height in pixels.")]
    public int ImageHeight { get; set; } = 480;

    [Option("Horizontal field of view, degrees.")]
    public double FieldOfView { get; set; } = 40;

    [Option("Face width (the model's mean-shape width) as a fraction of the image width; sets the distance.")]
    public double FaceFraction { get; set; } = 0.45;

    [Option("Standard deviation of the Gaussian noise added to each observed landmark coordinate, pixels.")]
    public double NoiseSigma { get; set; } = 1.0;
}
