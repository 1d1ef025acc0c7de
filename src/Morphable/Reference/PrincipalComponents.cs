using MathNet.Numerics.LinearAlgebra;

namespace Facebench.Morphable.Reference;

/// <summary>
/// Principal component analysis of a linear generative model: if shapes are <c>S = mean + F·z</c> with z ~ N(0, I)
/// and F = [f_1 … f_K] the deformation fields at one standard deviation, their covariance is <c>F·Fᵀ</c>, whose
/// eigenvectors U and standard deviations σ come from the small K×K Gram matrix: <c>FᵀF = V·Λ·Vᵀ</c>,
/// <c>σ = √λ</c>, <c>U = F·V·Λ^(-1/2)</c> (the "snapshot" method, Sirovich 1987). The result is exactly the PCA a
/// 3DMM builder would compute from infinitely many such faces: orthonormal columns, σ in decreasing order.
/// </summary>
internal static class PrincipalComponents
{
    /// <summary>Computes the PCA of the given fields.</summary>
    /// <param name="fields">K fields, each 3N doubles.</param>
    /// <returns>U row-major [3N × K'] (K' ≤ K: components with non-negligible variance) and σ (K', decreasing).</returns>
    public static (float[] Basis, float[] StdDev) Compute(IReadOnlyList<double[]> fields)
    {
        int k = fields.Count, rows = fields[0].Length;
        Matrix<double> gram = Matrix<double>.Build.Dense(k, k, (a, b) => Dot(fields[a], fields[b]));
        var evd = gram.Evd(Symmetricity.Symmetric);

        // MathNet returns eigenvalues in increasing order; components are wanted by decreasing variance.
        int[] order = [.. Enumerable.Range(0, k).OrderByDescending(i => evd.EigenValues[i].Real)];
        double largest = evd.EigenValues[order[0]].Real;
        int[] kept = [.. order.Where(i => evd.EigenValues[i].Real > 1e-9 * largest)];

        var basis = new float[rows * kept.Length];
        var stdDev = new float[kept.Length];
        var column = new double[rows];
        for (int c = 0; c < kept.Length; c++)
        {
            Vector<double> v = evd.EigenVectors.Column(kept[c]);

            // Eigenvectors are defined up to sign: fix it (largest |entry| positive) so that builds are reproducible.
            int biggest = 0;
            for (int i = 1; i < k; i++)
            {
                biggest = Math.Abs(v[i]) > Math.Abs(v[biggest]) ? i : biggest;
            }

            double sign = v[biggest] < 0 ? -1 : 1;
            double sigma = Math.Sqrt(evd.EigenValues[kept[c]].Real);
            Array.Clear(column);
            for (int i = 0; i < k; i++)
            {
                double weight = sign * v[i] / sigma;
                double[] field = fields[i];
                for (int r = 0; r < rows; r++)
                {
                    column[r] += weight * field[r];
                }
            }

            for (int r = 0; r < rows; r++)
            {
                basis[(r * kept.Length) + c] = (float)column[r];
            }

            stdDev[c] = (float)sigma;
        }

        return (basis, stdDev);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
