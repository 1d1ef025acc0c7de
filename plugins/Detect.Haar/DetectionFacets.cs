using Facebench.Contracts;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>Facets <c>detect.haar</c> adds beside <see cref="CoreFacets.FaceBox"/>.</summary>
public static class DetectionFacets
{
    /// <summary>How the face box was obtained: <c>detected</c> or <c>tracked</c> (from the previous frame's landmarks).</summary>
    public static readonly FacetKey<string> FaceBoxSource = new("face_box_source");

    /// <summary>Number of faces the detector found (absent for tracked frames).</summary>
    public static readonly FacetKey<int> FacesFound = new("faces_found");
}
