using Facebench.Contracts;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>Facets the onnx stages add besides <see cref="CoreFacets.Landmarks"/>.</summary>
public static class OnnxFacets
{
    /// <summary>Attribute predictions of <c>classify.onnx</c>, by head name (e.g. <c>gender</c>, <c>age</c>).</summary>
    public static readonly FacetKey<IReadOnlyDictionary<string, AttributePrediction>> Attributes = FaceAttributeFacets.Attributes;

    /// <summary>The face embedding of <c>embed.onnx</c> (L2-normalised unless disabled).</summary>
    public static readonly FacetKey<float[]> Embedding = FaceAttributeFacets.Embedding;

    /// <summary>All points of a landmark model whose scheme is not iBUG 68, in the model's order, in image pixels.</summary>
    public static readonly FacetKey<Point2[]> ModelLandmarks = new("model_landmarks");
}
