namespace Facebench.Plugins.Onnx.Inference.Landmarks;

/// <summary>What a landmark model outputs.</summary>
public enum LandmarkDecoding
{
    /// <summary>Coordinates per point: [P,2], [P,3] (z ignored) or [2P] per sample.</summary>
    Coordinates,

    /// <summary>One heat map per point, [P,H,W] per sample, decoded by sub-pixel soft-argmax.</summary>
    Heatmaps,
}
