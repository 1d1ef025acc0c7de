namespace Facebench.Plugins.Onnx.Inference.Landmarks;

/// <summary>The frame of directly regressed coordinates, relative to the model's input crop.</summary>
public enum CoordinateSpace
{
    /// <summary>Input pixels, pixel centres at integers (0 .. width−1).</summary>
    Pixels,

    /// <summary>0..1 from the crop's left/top edge to its right/bottom edge.</summary>
    Unit,

    /// <summary>−1..1 from edge to edge (PyTorch's grid_sample with align_corners=False).</summary>
    Signed,
}
