using Facebench.Contracts.Imaging;

namespace Facebench.Contracts.Morphable;

/// <summary>
/// The outcome of fitting a morphable model and a texture model to a photo by analysis by synthesis (the
/// <c>fit.photometric</c> stage): shape, expression, pose, albedo and lighting, how well the render matches the photo
/// inside the face mask, how well the landmarks match, and what it cost. "Initial" values are those of the starting
/// point: the landmark fit's geometry with the best albedo and lighting for it (so that the photometric gain of
/// fitting the geometry to the pixels can be read off). Stored under <see cref="PhotometricFacets.Fit"/>.
/// </summary>
public sealed record PhotometricFitResult
{
    /// <summary>Fitted identity and expression coefficients (σ units), pose and head angles (photo camera).</summary>
    public required FaceParameters Parameters { get; init; }

    /// <summary>The photo's camera the pose refers to.</summary>
    public required CameraIntrinsics Camera { get; init; }

    /// <summary>Fitted texture coefficients (σ units of the texture model).</summary>
    public required float[] TextureCoefficients { get; init; }

    /// <summary>Fitted lighting: 27 second-order spherical-harmonic coefficients (9 per RGB channel, camera frame).</summary>
    public required double[] Lighting { get; init; }

    /// <summary>The 68 model landmarks projected into the photo with the fitted parameters (NaN where unused).</summary>
    public required Point2[] FittedLandmarks { get; init; }

    /// <summary>Mean absolute difference between render and photo over the face mask, grey levels (0–255), averaged over RGB.</summary>
    public double PhotometricError { get; init; }

    /// <summary>Root-mean-square difference over the face mask, grey levels (0–255), over all RGB values.</summary>
    public double PhotometricRmse { get; init; }

    /// <summary><see cref="PhotometricError"/> at the start: landmark-fit geometry with fitted albedo and lighting.</summary>
    public double InitialPhotometricError { get; init; }

    /// <summary>Landmark error normalised by the outer-eye-corner distance of the observed landmarks (NME), after the fit.</summary>
    public double LandmarkNme { get; init; }

    /// <summary>Landmark NME of the landmark fit the photometric fit started from.</summary>
    public double InitialLandmarkNme { get; init; }

    /// <summary>
    /// Cosine between a face-recognition network's embeddings of the render composited over the photo and of the photo
    /// (both ArcFace-aligned by the observed landmarks; 1 = the same identity), after the fit; NaN when no recogniser
    /// was configured.
    /// </summary>
    public double IdentityCosine { get; init; } = double.NaN;

    /// <summary><see cref="IdentityCosine"/> at the start (landmark-fit geometry with fitted albedo and lighting).</summary>
    public double InitialIdentityCosine { get; init; } = double.NaN;

    /// <summary>Root-mean-square distance in photo pixels between fitted and observed landmarks.</summary>
    public double LandmarkRmsePx { get; init; }

    /// <summary>Pixels in the face mask at the fitting resolution.</summary>
    public int MaskPixels { get; init; }

    /// <summary>Side of the square crop the fit worked in, pixels.</summary>
    public int ImageSize { get; init; }

    /// <summary>The square of the photo that was cropped: left, top (pixel-centre coordinates of its first pixel), side, in photo pixels.</summary>
    public required BoundingBox Crop { get; init; }

    /// <summary>Iterations of the appearance stage (albedo and lighting, geometry fixed).</summary>
    public int AppearanceIterations { get; init; }

    /// <summary>Iterations of the joint stage (everything).</summary>
    public int JointIterations { get; init; }

    /// <summary>Objective evaluations (render, loss and gradient) over all stages.</summary>
    public int Evaluations { get; init; }

    /// <summary>Final objective value.</summary>
    public double FinalLoss { get; init; }

    /// <summary>Wall time of the photometric fit, milliseconds (the landmark fit it started from not included).</summary>
    public double FitTimeMs { get; init; }
}

/// <summary>The photo crop, the final render and its mask, for reports (not persisted: recomputed by re-running the fit).</summary>
/// <param name="Photo">The crop of the photo the fit compared against.</param>
/// <param name="Render">The render of the fitted face, over the photo outside the mask.</param>
/// <param name="Mask">Per pixel of the crop: 1 inside the face mask, 0 outside.</param>
public sealed record PhotometricRender(ImageBuffer Photo, ImageBuffer Render, byte[] Mask);

/// <summary>
/// A compact picture of one photometric fit that is stored with the results (<c>results.jsonl</c>), so that a report,
/// which is built from stored results alone, can show photo, render and error without re-running the fit: the photo
/// crop and the render over it as JPEG, and the per-pixel error inside the face mask as an 8-bit gray PNG (mean
/// absolute RGB difference in grey levels, clamped to 254; 255 marks pixels outside the mask).
/// </summary>
/// <param name="Photo">JPEG of the photo crop the fit compared against.</param>
/// <param name="Render">JPEG of the render of the fitted face over the photo crop (the photo outside the mask).</param>
/// <param name="Error">PNG (Gray8) of the per-pixel error; <see cref="OutsideMask"/> outside the face mask.</param>
public sealed record PhotometricPreview(byte[] Photo, byte[] Render, byte[] Error)
{
    /// <summary>The error-map value of pixels outside the face mask.</summary>
    public const byte OutsideMask = 255;
}

/// <summary>Facet keys of photometric fitting.</summary>
public static class PhotometricFacets
{
    /// <summary>The result of <c>fit.photometric</c>.</summary>
    public static readonly FacetKey<PhotometricFitResult> Fit = new("photometric_fit");

    /// <summary>Photo crop, render and mask of <c>fit.photometric</c> (not persisted).</summary>
    public static readonly FacetKey<PhotometricRender> Render = new("photometric_render", persist: false);

    /// <summary>
    /// The fit and render keys of a <c>fit.photometric</c> stage that stores its result under <paramref name="facet"/>:
    /// the standard keys for <c>photometric_fit</c>, otherwise <c>&lt;facet&gt;</c> and <c>&lt;facet&gt;.render</c>, so
    /// that several models fitted to the same sample (pipelines/compare-photometric.yaml) keep their own results.
    /// </summary>
    public static (FacetKey<PhotometricFitResult> Fit, FacetKey<PhotometricRender> Render) Named(string facet) =>
        facet == Fit.Name ? (Fit, Render) : (new FacetKey<PhotometricFitResult>(facet), new FacetKey<PhotometricRender>(facet + ".render", persist: false));

    /// <summary>The stored preview of the fit under <paramref name="facet"/>: <c>&lt;facet&gt;.preview</c>.</summary>
    public static FacetKey<PhotometricPreview> Preview(string facet) => new(facet + ".preview");
}
