using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Embedding;

/// <summary>Options of <c>embed.onnx</c>; defaults suit ArcFace-style recognisers (112×112 RGB, (x − 127.5) / 127.5).</summary>
public sealed class EmbedOnnxOptions : ImageInputOptions
{
    /// <summary>Creates the options with ArcFace's normalisation.</summary>
    public EmbedOnnxOptions()
    {
        PixelScale = 1;
        Mean = [127.5];
        Std = [127.5];
    }

    /// <summary>Output to read.</summary>
    [Option("The model output holding the feature vector; empty = the first output.")]
    public string Output { get; set; } = "";

    /// <summary>L2 normalisation.</summary>
    [Option("Scale the feature to unit length (cosine similarity becomes a dot product).")]
    public bool Normalize { get; set; } = true;
}
