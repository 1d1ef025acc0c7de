namespace Facebench.Contracts.Morphable;

/// <summary>Facets that morphable-model sources and fitting stages share.</summary>
public static class MorphableFacets
{
    /// <summary>The camera the sample's landmarks were observed with (known for synthetic data).</summary>
    public static readonly FacetKey<CameraIntrinsics> Camera = new("camera");

    /// <summary>Ground-truth parameters of a synthetic face.</summary>
    public static readonly FacetKey<FaceParameters> TrueParameters = new("true_parameters");

    /// <summary>Ground-truth 3D positions of the 68 landmarks in camera coordinates (model units), NaN where unmapped.</summary>
    public static readonly FacetKey<float[]> TrueLandmarks3D = new("true_landmarks_3d");

    /// <summary>Id of the model component the sample was generated from or fitted with.</summary>
    public static readonly FacetKey<string> ModelId = new("model_id");
}
