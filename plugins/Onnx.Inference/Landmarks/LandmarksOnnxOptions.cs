using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Landmarks;

/// <summary>Options of <c>landmarks.onnx</c> (YAML keys are the snake_case property names).</summary>
public sealed class LandmarksOnnxOptions : ImageInputOptions
{
    /// <summary>Output to decode.</summary>
    [Option("The model output holding the landmarks; empty = the first output.")]
    public string Output { get; set; } = "";

    /// <summary>Output kind.</summary>
    [Option("coordinates (per point x, y: [P,2], [P,3] or [2P] per sample) or heatmaps ([P,H,W] per sample, soft-argmax).")]
    public LandmarkDecoding Decode { get; set; } = LandmarkDecoding.Coordinates;

    /// <summary>Coordinate frame.</summary>
    [Option("Frame of regressed coordinates: pixels (input pixels), unit (0..1 edge to edge) or signed (-1..1 edge to edge).")]
    public CoordinateSpace Space { get; set; } = CoordinateSpace.Pixels;

    /// <summary>Soft-argmax sharpness.</summary>
    [Option("Heat maps: sharpness beta of the soft-argmax weights exp(beta*(h - max)); 1 for log-likelihood maps, larger for peak-1 Gaussian maps.")]
    public double Beta { get; set; } = 10;

    /// <summary>Soft-argmax window.</summary>
    [Option("Heat maps: soft-argmax over +-window cells around each maximum; 0 = the whole map.")]
    public int Window { get; set; } = 2;

    /// <summary>Point mapping.</summary>
    [Option("For each of the 68 iBUG points, the index of the model's point (-1 = none); empty = the model has the 68 iBUG points in order.")]
    public List<int> Mapping { get; set; } = [];
}
