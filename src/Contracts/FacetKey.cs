namespace Facebench.Contracts;

/// <summary>
/// A type-safe key for a facet of a <see cref="Sample"/>. Declare keys once, as static fields next to the
/// record they carry, so producers and consumers share one definition:
/// <code>public static readonly FacetKey&lt;FitResult&gt; Fit = new("fit");</code>
/// The name is the JSON property the facet is stored under in <c>results.jsonl</c>.
/// </summary>
/// <typeparam name="T">The facet's value type; must round-trip through System.Text.Json.</typeparam>
public sealed class FacetKey<T>
{
    /// <summary>Creates a key.</summary>
    /// <param name="name">Stable snake_case name; changing it breaks reading older results.</param>
    /// <param name="persist">
    /// False for bulky working data that must not go into <c>results.jsonl</c> (decoded image pixels): such a
    /// facet lives only while the sample flows through the stages.
    /// </param>
    public FacetKey(string name, bool persist = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        IsPersisted = persist;
    }

    /// <summary>The JSON property name the facet is stored under.</summary>
    public string Name { get; }

    /// <summary>True when the facet is written to the results.</summary>
    public bool IsPersisted { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Facets that many plugins produce or consume.</summary>
public static class CoreFacets
{
    /// <summary>Ground-truth 2D landmarks (iBUG 68 order unless stated), e.g. from a <c>.pts</c> file.</summary>
    public static readonly FacetKey<Point2[]> TrueLandmarks = new("true_landmarks");

    /// <summary>2D landmarks observed or predicted by a stage (iBUG 68 order); what fitters consume.</summary>
    public static readonly FacetKey<Point2[]> Landmarks = new("landmarks");

    /// <summary>The face box the landmarks belong to (from an annotation or a detector).</summary>
    public static readonly FacetKey<BoundingBox> FaceBox = new("face_box");

    /// <summary>Pixel size of the sample's image.</summary>
    public static readonly FacetKey<ImageSize> ImageSize = new("image_size");

    /// <summary>
    /// The decoded pixels (a video frame, or a photo a stage has loaded), shared by later stages so that an
    /// image is decoded once. Not persisted: results keep <see cref="Sample.ImagePath"/> instead.
    /// </summary>
    public static readonly FacetKey<Imaging.ImageBuffer> Image = new("image", persist: false);
}
