namespace Facebench.Contracts.Morphable;

/// <summary>
/// A linear 3D Morphable Model (Blanz &amp; Vetter 1999): a face shape is
/// <c>S = mean + U_id · (σ_id ∘ α) + U_exp · (σ_exp ∘ β)</c>, with identity coefficients α and expression
/// coefficients β both in units of their standard deviation (so the prior on each is N(0, 1)).
/// <para>
/// Layout conventions, shared by every implementation so that fitters can gather rows cheaply:
/// vertices are interleaved <c>x0 y0 z0 x1 y1 z1 …</c> (length 3N); bases are row-major
/// <c>[3N × K]</c>, so the K weights of coordinate <c>3v + c</c> are contiguous. The model frame is
/// right-handed with y up and the face looking along +z (as SFM, BFM and FLAME are); the length unit is
/// given by <see cref="MillimetresPerUnit"/>.
/// </para>
/// </summary>
public interface IMorphableModel
{
    /// <summary>Short human-readable name, e.g. "Surrey Face Model 3448 (shape)".</summary>
    string Name { get; }

    /// <summary>Millimetres per model length unit (1 for models in mm, 1000 for models in metres).</summary>
    double MillimetresPerUnit { get; }

    /// <summary>Number of vertices N.</summary>
    int VertexCount { get; }

    /// <summary>Number of identity components K_id.</summary>
    int IdentityCount { get; }

    /// <summary>Number of expression components K_exp (0 when the model has none).</summary>
    int ExpressionCount { get; }

    /// <summary>Mean shape, 3N floats, interleaved xyz.</summary>
    ReadOnlySpan<float> Mean { get; }

    /// <summary>Identity basis U_id, row-major [3N × K_id].</summary>
    ReadOnlySpan<float> IdentityBasis { get; }

    /// <summary>Standard deviation σ_id of each identity component (length K_id), in model units.</summary>
    ReadOnlySpan<float> IdentityStdDev { get; }

    /// <summary>Expression basis U_exp, row-major [3N × K_exp]; empty when there is none.</summary>
    ReadOnlySpan<float> ExpressionBasis { get; }

    /// <summary>Scale σ_exp of each expression coefficient (1 for plain blendshapes), length K_exp.</summary>
    ReadOnlySpan<float> ExpressionStdDev { get; }

    /// <summary>Triangles as vertex-index triples (3T ints), counter-clockwise seen from outside.</summary>
    ReadOnlySpan<int> Triangles { get; }

    /// <summary>Per-vertex texture coordinates (2N floats, u v in [0, 1]), or empty.</summary>
    ReadOnlySpan<float> TextureCoordinates { get; }

    /// <summary>Where the iBUG 68 landmarks sit on the mesh.</summary>
    LandmarkEmbedding Landmarks { get; }

    /// <summary>
    /// Writes the full shape for the given coefficients into <paramref name="vertices"/> (3N floats).
    /// Coefficient spans may be shorter than the model's counts: missing ones are zero. Allocation-free.
    /// </summary>
    void Evaluate(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> vertices);

    /// <summary>
    /// Writes only the listed vertices (3 floats each, in list order) into <paramref name="output"/>:
    /// what a landmark fitter needs. Allocation-free.
    /// </summary>
    void EvaluateVertices(ReadOnlySpan<int> vertexIndices, ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> output);
}
