namespace Facebench.Contracts;

/// <summary>
/// Facets of face-image models that more than one plugin family reads: attribute predictions (ONNX classifiers,
/// trained probes) and face-recognition embeddings (the probes' features).
/// </summary>
public static class FaceAttributeFacets
{
    /// <summary>Attribute predictions by head name (e.g. <c>gender</c>, <c>age</c>).</summary>
    public static readonly FacetKey<IReadOnlyDictionary<string, AttributePrediction>> Attributes = new("attributes");

    /// <summary>A face-recognition embedding (L2-normalised unless its stage says otherwise).</summary>
    public static readonly FacetKey<float[]> Embedding = new("embedding");
}
