namespace Facebench.Contracts.Morphable;

/// <summary>Where a texture model's colours live.</summary>
public enum TextureLayout
{
    /// <summary>One RGB colour per mesh vertex (BFM's colour model): 3N values, interleaved r g b.</summary>
    PerVertex,

    /// <summary>An RGB image addressed by texture coordinates (FLAME's texture space): W·H·3 values, row-major, top row (v = 1) first.</summary>
    UvMap,
}

/// <summary>
/// A linear model of a face's albedo (diffuse reflectance), the appearance counterpart of <see cref="IMorphableModel"/>
/// (Blanz &amp; Vetter 1999, eq. 1, texture part): <c>T = mean + U · (σ ∘ γ)</c> with coefficients γ in units of their
/// standard deviation (prior N(0, 1)). Values are RGB reflectances in [0, 1], in the colour space of the photos the
/// model describes (sRGB-encoded, as BFM, FLAME and photo-built models are; no linearisation).
/// <para>
/// Layout conventions, as for shape: <see cref="Mean"/> has <see cref="ValueCount"/> values; <see cref="Basis"/> is
/// row-major <c>[ValueCount × K]</c>, so the K weights of one value are contiguous. Per-vertex models have
/// ValueCount = 3N for the mesh of the morphable model they belong to; UV models have W·H·3 and carry texture
/// coordinates per triangle corner (<see cref="CornerUvs"/>, in the mesh's triangle order, v up).
/// </para>
/// </summary>
public interface ITextureModel
{
    /// <summary>Short human-readable name, e.g. "Basel Face Model 2009 (texture)".</summary>
    string Name { get; }

    /// <summary>Per-vertex colours or a UV map.</summary>
    TextureLayout Layout { get; }

    /// <summary>Number of mesh vertices N the model belongs to (must equal the shape model's).</summary>
    int VertexCount { get; }

    /// <summary>UV map width in texels (0 for per-vertex models).</summary>
    int Width { get; }

    /// <summary>UV map height in texels (0 for per-vertex models).</summary>
    int Height { get; }

    /// <summary>Number of components K.</summary>
    int ComponentCount { get; }

    /// <summary>Number of values: 3N (per vertex) or W·H·3 (UV map).</summary>
    int ValueCount { get; }

    /// <summary>Mean albedo, <see cref="ValueCount"/> values in [0, 1].</summary>
    ReadOnlySpan<float> Mean { get; }

    /// <summary>Basis U, row-major [ValueCount × K].</summary>
    ReadOnlySpan<float> Basis { get; }

    /// <summary>Standard deviation σ of each component (length K).</summary>
    ReadOnlySpan<float> StdDev { get; }

    /// <summary>Texture coordinates per triangle corner (6T floats, u v in [0, 1], v up) for UV maps; empty for per-vertex models.</summary>
    ReadOnlySpan<float> CornerUvs { get; }

    /// <summary>
    /// Per vertex, how much it belongs to the face region whose pixels a photometric fit compares (1 on the face; 0 on
    /// hair, ears, neck or the back of the head); empty when the whole mesh is face.
    /// </summary>
    ReadOnlySpan<float> FaceRegion { get; }

    /// <summary>
    /// Writes the albedo for the given coefficients (σ units; a shorter span means zeros for the rest) into
    /// <paramref name="values"/> (<see cref="ValueCount"/> values). Allocation-free.
    /// </summary>
    void Evaluate(ReadOnlySpan<float> coefficients, Span<float> values);
}

/// <summary>The true appearance of a synthetic face: texture coefficients and the spherical-harmonic lighting it was rendered under.</summary>
/// <param name="TextureCoefficients">Texture coefficients, σ units.</param>
/// <param name="Lighting">27 SH lighting coefficients (9 per RGB channel, camera frame), as the renderer uses them.</param>
public sealed record FaceAppearance(float[] TextureCoefficients, double[] Lighting);

/// <summary>Facets of textured (rendered) samples.</summary>
public static class TextureFacets
{
    /// <summary>Ground-truth appearance of a rendered synthetic face.</summary>
    public static readonly FacetKey<FaceAppearance> TrueAppearance = new("true_appearance");

    /// <summary>Id of the texture-model component a sample was rendered with.</summary>
    public static readonly FacetKey<string> TextureModelId = new("texture_model_id");
}
