namespace Facebench.Contracts.Morphable;

/// <summary>
/// A non-linear model of a face's albedo: a generator G that maps a latent code z (prior N(0, I)) to a texture in the
/// layout of an <see cref="ITextureModel"/> (per-vertex colours or a UV map, RGB in [0, 1]), with the vector-Jacobian
/// product a fit needs (GANFIT, Gecer et al., CVPR 2019: a GAN's generator in place of the linear texture model).
/// <see cref="ITextureModel"/> is the linear special case.
/// </summary>
public interface ITextureGenerator
{
    /// <summary>Short human-readable name, saying what the generator is (e.g. a test decoder, or a GANFIT export).</summary>
    string Name { get; }

    /// <summary>Per-vertex colours or a UV map.</summary>
    TextureLayout Layout { get; }

    /// <summary>Number of mesh vertices N the generator belongs to.</summary>
    int VertexCount { get; }

    /// <summary>UV map width in texels (0 for per-vertex generators).</summary>
    int Width { get; }

    /// <summary>UV map height in texels (0 for per-vertex generators).</summary>
    int Height { get; }

    /// <summary>Length of the latent code.</summary>
    int LatentCount { get; }

    /// <summary>Number of values: 3N (per vertex) or W·H·3 (UV map).</summary>
    int ValueCount { get; }

    /// <summary>Texture coordinates per triangle corner (6T floats) for UV maps; empty for per-vertex generators.</summary>
    ReadOnlySpan<float> CornerUvs { get; }

    /// <summary>Per vertex, how much it belongs to the face region (see <see cref="ITextureModel.FaceRegion"/>); empty when all.</summary>
    ReadOnlySpan<float> FaceRegion { get; }

    /// <summary>Writes G(<paramref name="latent"/>) into <paramref name="values"/> (<see cref="ValueCount"/> values).</summary>
    void Evaluate(ReadOnlySpan<float> latent, Span<float> values);

    /// <summary>Writes the gradient with respect to the latent code of a loss whose gradient with respect to G(z) is given: Jᵀ·ḡ.</summary>
    void Backward(ReadOnlySpan<float> latent, ReadOnlySpan<float> valueGradient, Span<float> latentGradient);
}
