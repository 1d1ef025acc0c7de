using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Facebench.Audit.Models;

/// <summary>The leading principal components of a set of shape vectors.</summary>
/// <param name="Mean">The mean vector (zeros when the data was not centred).</param>
/// <param name="Basis">Orthonormal components, row-major [D × K] (the <see cref="Contracts.Morphable.IMorphableModel"/> layout).</param>
/// <param name="StdDev">Standard deviation of the data along each component, decreasing.</param>
/// <param name="TotalVariance">Variance summed over all directions (for the explained share).</param>
public sealed record PrincipalComponents(float[] Mean, float[] Basis, float[] StdDev, double TotalVariance);

/// <summary>
/// PCA of M shape vectors of dimension D ≫ M by the snapshot method (Sirovich 1987, "Turbulence and the dynamics of
/// coherent structures"; the way 3DMMs are built from scans, Blanz &amp; Vetter 1999 §3): eigen-decompose the M×M Gram
/// matrix G = X̃X̃ᵀ of the (centred) data, G = VΛVᵀ; the components are U = X̃ᵀVΛ^(-1/2) and the standard deviations
/// σ = √(λ / (M − 1)) (√(λ / M) without centring, where the data are displacements from a neutral shape and their
/// second moment, not their variance, is wanted). Eigenvector signs are fixed (largest |entry| of V positive) so
/// builds are reproducible.
/// </summary>
public static class SnapshotPca
{
    /// <summary>Computes the leading components.</summary>
    /// <param name="rows">M vectors of equal length D.</param>
    /// <param name="components">Components wanted; fewer are returned when the data has fewer non-degenerate directions.</param>
    /// <param name="centre">Subtract the mean first (shapes) or not (displacements from a neutral shape).</param>
    /// <exception cref="ArgumentException">Fewer than two rows, ragged rows, or no variation.</exception>
    public static PrincipalComponents Compute(IReadOnlyList<float[]> rows, int components, bool centre = true)
    {
        int m = rows.Count;
        if (m < 2)
        {
            throw new ArgumentException($"PCA needs at least 2 shapes; got {m}.", nameof(rows));
        }

        int d = rows[0].Length;
        if (rows.Any(r => r.Length != d))
        {
            throw new ArgumentException("the shapes differ in length (not in correspondence).", nameof(rows));
        }

        var mean = new double[d];
        if (centre)
        {
            foreach (float[] r in rows)
            {
                for (int c = 0; c < d; c++)
                {
                    mean[c] += r[c];
                }
            }

            TensorPrimitives.Divide(mean, m, mean);
        }

        double[][] x = new double[m][];
        for (int i = 0; i < m; i++)
        {
            x[i] = new double[d];
            for (int c = 0; c < d; c++)
            {
                x[i][c] = rows[i][c] - mean[c];
            }
        }

        Matrix<double> gram = Matrix<double>.Build.Dense(m, m);
        for (int i = 0; i < m; i++)
        {
            for (int j = i; j < m; j++)
            {
                double g = TensorPrimitives.Dot<double>(x[i], x[j]);
                gram[i, j] = g;
                gram[j, i] = g;
            }
        }

        var evd = gram.Evd(Symmetricity.Symmetric);
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            total += Math.Max(0, evd.EigenValues[i].Real);
        }

        if (!(total > 0))
        {
            throw new ArgumentException("the shapes are all identical: there is no variation to model.", nameof(rows));
        }

        // MathNet orders eigenvalues increasingly; keep the largest, dropping numerically null directions.
        int[] order = [.. Enumerable.Range(0, m).OrderByDescending(i => evd.EigenValues[i].Real)];
        double largest = evd.EigenValues[order[0]].Real;
        int[] kept = [.. order.Where(i => evd.EigenValues[i].Real > 1e-10 * largest).Take(components)];
        double dof = centre ? m - 1 : m;
        var basis = new float[d * kept.Length];
        var stdDev = new float[kept.Length];
        var column = new double[d];
        for (int k = 0; k < kept.Length; k++)
        {
            Vector<double> v = evd.EigenVectors.Column(kept[k]);
            int biggest = 0;
            for (int i = 1; i < m; i++)
            {
                biggest = Math.Abs(v[i]) > Math.Abs(v[biggest]) ? i : biggest;
            }

            double lambda = evd.EigenValues[kept[k]].Real;
            double scale = (v[biggest] < 0 ? -1 : 1) / Math.Sqrt(lambda);
            Array.Clear(column);
            for (int i = 0; i < m; i++)
            {
                TensorPrimitives.MultiplyAdd(x[i], v[i] * scale, column, column);
            }

            for (int r = 0; r < d; r++)
            {
                basis[(r * kept.Length) + k] = (float)column[r];
            }

            stdDev[k] = (float)Math.Sqrt(lambda / dof);
        }

        return new PrincipalComponents([.. mean.Select(v => (float)v)], basis, stdDev, total / dof);
    }
}
