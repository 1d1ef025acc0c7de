using Facebench.Onnx;

namespace Facebench.Identity;

/// <summary>How a face-recognition network is fed and read; the defaults are faceplugin's <c>fr_feature.onnx</c>.</summary>
public sealed record FaceRecognitionSettings
{
    /// <summary>Subtracted from 0..255 pixel values.</summary>
    public double Mean { get; init; } = 127.5;

    /// <summary>Divides after the mean (fr_feature: 128; insightface's ArcFace models: 127.5).</summary>
    public double Std { get; init; } = 128;

    /// <summary>The graph input to feed; empty = the first.</summary>
    public string Input { get; init; } = "";

    /// <summary>The graph output holding the embedding; empty = the first.</summary>
    public string Output { get; init; } = "";

    /// <summary>Intermediate activations (node output names) for the content loss.</summary>
    public IReadOnlyList<string> ContentLayers { get; init; } = [];

    /// <summary>The ONNX Runtime session settings.</summary>
    public OnnxSessionSettings Session { get; init; } = new();
}
