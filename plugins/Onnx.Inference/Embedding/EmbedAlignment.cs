namespace Facebench.Plugins.Onnx.Inference.Embedding;

/// <summary>How <c>embed.onnx</c> brings a face into the recogniser's input.</summary>
public enum EmbedAlignment
{
    /// <summary>Crop the face box (scaled and shifted by the options) and resize it.</summary>
    Box,

    /// <summary>
    /// ArcFace's alignment: the similarity taking the eye centres, nose tip and mouth corners of the sample's 68 iBUG
    /// landmarks onto insightface's reference points in a 112×112 crop (scaled to other input sizes).
    /// </summary>
    ArcFace,
}
