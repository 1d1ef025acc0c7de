namespace Facebench.Evaluation;

/// <summary>
/// Rigid alignment of two point sets in correspondence (Kabsch 1976; Umeyama 1991 without scale): the rotation
/// R and translation t minimising Σ‖R·a_i + t − b_i‖², from the SVD of the cross-covariance, with the sign fix
/// that keeps R a proper rotation.
/// </summary>
public static class RigidAlignment
{
    /// <summary>Mean distance between corresponding vertices after aligning <paramref name="a"/> onto <paramref name="b"/>.</summary>
    /// <param name="a">Interleaved xyz, 3N.</param>
    /// <param name="b">Interleaved xyz, 3N.</param>
    public static double MeanVertexError(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => UmeyamaAlignment.MeanVertexError(a, b, withScale: false);
}
