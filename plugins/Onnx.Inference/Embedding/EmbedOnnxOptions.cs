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

    /// <summary>How the face is brought into the input.</summary>
    [Option("Face alignment: box (crop the face box, see box_scale) or arcface (the 5-point similarity of ArcFace from the sample's 68 landmarks onto the 112×112 reference points; needs a landmarks facet).")]
    public EmbedAlignment Align { get; set; } = EmbedAlignment.Box;

    /// <summary>L2 normalisation.</summary>
    [Option("Scale the feature to unit length (cosine similarity becomes a dot product).")]
    public bool Normalize { get; set; } = true;
}
