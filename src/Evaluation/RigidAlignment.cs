using MathNet.Numerics.LinearAlgebra;

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
    public static double MeanVertexError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
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

        var h = Matrix<double>.Build.Dense(3, 3);
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < 3; r++)
            {
                double ar = a[(3 * i) + r] - ca[r];
                for (int c = 0; c < 3; c++)
                {
                    h[r, c] += ar * (b[(3 * i) + c] - cb[c]);
                }
            }
        }

        var svd = h.Svd(computeVectors: true);
        var v = svd.VT.Transpose();
        var ut = svd.U.Transpose();
        var d = Matrix<double>.Build.DenseIdentity(3);
        d[2, 2] = Math.Sign((v * ut).Determinant()) is 0 ? 1 : Math.Sign((v * ut).Determinant());
        var rotation = v * d * ut;

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

            dx += cb[0] - b[3 * i];
            dy += cb[1] - b[(3 * i) + 1];
            dz += cb[2] - b[(3 * i) + 2];
            total += Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        }

        return total / n;
    }
}
