namespace Facebench.Plugins.Onnx.Inference.Preprocessing;

/// <summary>How an image batch is laid out in the input tensor.</summary>
public enum TensorLayout
{
    /// <summary>[batch, channels, height, width] (PyTorch).</summary>
    Nchw,

    /// <summary>[batch, height, width, channels] (TensorFlow).</summary>
    Nhwc,
}
