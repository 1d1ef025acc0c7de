namespace Facebench.Evaluation;

/// <summary>
/// Similarity alignment of two point sets in correspondence (Umeyama 1991, "Least-squares estimation of
/// transformation parameters between two point patterns", PAMI 13(4), eq. 40–42): the rotation R, scale s and
/// translation t minimising Σ‖s·R·a_i + t − b_i‖². A single photo does not fix a face's absolute size (a larger head
/// farther away looks alike), so monocular reconstruction benchmarks such as NoW (Sanyal et al. 2019) compare shapes
/// after such an alignment; the rigid error (<see cref="RigidAlignment"/>) also charges the size.
/// </summary>
public static class SimilarityAlignment
{
    /// <summary>Mean distance between corresponding vertices after aligning <paramref name="a"/> onto <paramref name="b"/> with scale.</summary>
    /// <param name="a">Interleaved xyz, 3N.</param>
    /// <param name="b">Interleaved xyz, 3N.</param>
    public static double MeanVertexError(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => UmeyamaAlignment.MeanVertexError(a, b, withScale: true);
}
