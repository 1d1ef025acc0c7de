using MathNet.Numerics.LinearAlgebra;

namespace Facebench.Evaluation;

/// <summary>
/// Least-squares alignment of two point sets in correspondence (Umeyama 1991, "Least-squares estimation of
/// transformation parameters between two point patterns", PAMI 13(4), eq. 40–42): the rotation R (and optionally the
/// scale s) and translation t minimising Σ‖s·R·a_i + t − b_i‖², from the SVD of the cross-covariance, with the sign
/// fix that keeps R a proper rotation. Without scale it is Kabsch's (1976) rigid solution. Callers use
/// <see cref="RigidAlignment"/> and <see cref="SimilarityAlignment"/>.
/// </summary>
internal static class UmeyamaAlignment
{
    /// <summary>Mean distance between corresponding vertices after aligning <paramref name="a"/> onto <paramref name="b"/>.</summary>
    /// <param name="a">Interleaved xyz, 3N.</param>
    /// <param name="b">Interleaved xyz, 3N.</param>
    /// <param name="withScale">Also fit the scale s (similarity); otherwise s = 1 (rigid).</param>
    internal static double MeanVertexError(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool withScale)
    {
        if (a.Length != b.Length || a.Length % 3 != 0 || a.Length == 0)
        {
            throw new ArgumentException($"point sets must be the same non-zero multiple of 3 in length ({a.Length} vs {b.Length}).");
        }

        int n = a.Length / 3;
        Span<double> ca = stackalloc double[3];
        Span<double> cb = stackalloc double[3];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                ca[c] += a[(3 * i) + c];
                cb[c] += b[(3 * i) + c];
            }
        }

        for (int c = 0; c < 3; c++)
        {
            ca[c] /= n;
            cb[c] /= n;
        }

        // Cross-covariance Σ (b_i − b̄)(a_i − ā)ᵀ and the variance of a.
        var covariance = Matrix<double>.Build.Dense(3, 3);
        double variance = 0;
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < 3; r++)
            {
                double br = b[(3 * i) + r] - cb[r];
                variance += (a[(3 * i) + r] - ca[r]) * (a[(3 * i) + r] - ca[r]);
                for (int c = 0; c < 3; c++)
                {
                    covariance[r, c] += br * (a[(3 * i) + c] - ca[c]);
                }
            }
        }

        var svd = covariance.Svd(computeVectors: true);
        var d = Matrix<double>.Build.DenseIdentity(3);
        if ((svd.U * svd.VT).Determinant() < 0)
        {
            d[2, 2] = -1;
        }

        var rotation = svd.U * d * svd.VT;
        double scale = withScale && variance > 0 ? (svd.S[0] + svd.S[1] + (d[2, 2] * svd.S[2])) / variance : 1; // Umeyama eq. 42
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = 0, dy = 0, dz = 0;
            for (int c = 0; c < 3; c++)
            {
                double centred = a[(3 * i) + c] - ca[c];
                dx += rotation[0, c] * centred;
                dy += rotation[1, c] * centred;
                dz += rotation[2, c] * centred;
            }

            dx = (scale * dx) + cb[0] - b[3 * i];
            dy = (scale * dy) + cb[1] - b[(3 * i) + 1];
            dz = (scale * dz) + cb[2] - b[(3 * i) + 2];
            total += Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        }

        return total / n;
    }
}
