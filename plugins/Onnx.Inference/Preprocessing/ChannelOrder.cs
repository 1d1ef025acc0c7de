namespace Facebench.Plugins.Onnx.Inference.Preprocessing;

/// <summary>The colour channels a model expects, in order.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,

    /// <summary>Blue, green, red (OpenCV-trained models).</summary>
    Bgr,

    /// <summary>One luminance channel (ITU-R BT.601 weights from colour images).</summary>
    Gray,
}
