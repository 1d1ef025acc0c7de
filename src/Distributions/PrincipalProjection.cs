using MathNet.Numerics.LinearAlgebra;

namespace Facebench.Distributions;

/// <summary>
/// A projection onto the leading principal axes of a reference sample (Pearson 1901; Jolliffe, "Principal Component
/// Analysis", 2002, ch. 1): centre on the reference mean, project onto the top eigenvectors of its covariance. Fitted
/// once (e.g. on a golden set) and then applied to other samples, so that their 2-D densities are drawn in the same
/// coordinates and can be compared across iterations. Each axis's sign is fixed (largest |loading| positive) so
/// that plots do not flip between runs.
/// </summary>
public sealed class PrincipalProjection
{
    private readonly double[] _mean;
    private readonly double[][] _axes;

    private PrincipalProjection(double[] mean, double[][] axes, double[] explained)
    {
        _mean = mean;
        _axes = axes;
        ExplainedVariance = explained;
    }

    /// <summary>Share of the reference sample's total variance along each kept axis.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Number of axes.</summary>
    public int Components => _axes.Length;

    /// <summary>Fits the projection on <paramref name="reference"/> (n ≥ 2 rows).</summary>
    /// <exception cref="ArgumentException">Fewer than two rows, or ragged rows.</exception>
    public static PrincipalProjection Fit(IReadOnlyList<double[]> reference, int components = 2)
    {
        int n = reference.Count;
        if (n < 2)
        {
            throw new ArgumentException($"a principal projection needs at least 2 points; got {n}.", nameof(reference));
        }

        int d = reference[0].Length;
        var mean = new double[d];
        foreach (double[] row in reference)
        {
            if (row.Length != d)
            {
                throw new ArgumentException("rows differ in length.", nameof(reference));
            }

            for (int c = 0; c < d; c++)
            {
                mean[c] += row[c] / n;
            }
        }

        // SVD of the centred data: the right singular vectors are the covariance eigenvectors, without forming the
        // d×d covariance (d may exceed n).
        Matrix<double> centred = Matrix<double>.Build.Dense(n, d, (i, c) => reference[i][c] - mean[c]);
        var svd = centred.Svd(computeVectors: true);
        double total = svd.S.Sum(s => s * s);
        int k = Math.Min(components, svd.S.Count);
        var axes = new double[k][];
        var explained = new double[k];
        for (int a = 0; a < k; a++)
        {
            double[] axis = svd.VT.Row(a).ToArray();
            int biggest = 0;
            for (int c = 1; c < d; c++)
            {
                biggest = Math.Abs(axis[c]) > Math.Abs(axis[biggest]) ? c : biggest;
            }

            if (axis[biggest] < 0)
            {
                for (int c = 0; c < d; c++)
                {
                    axis[c] = -axis[c];
                }
            }

            axes[a] = axis;
            explained[a] = total > 0 ? svd.S[a] * svd.S[a] / total : 0;
        }

        return new PrincipalProjection(mean, axes, explained);
    }

    /// <summary>Coordinates of one point on the axes.</summary>
    public double[] Project(double[] point)
    {
        var result = new double[_axes.Length];
        for (int a = 0; a < _axes.Length; a++)
        {
            double sum = 0;
            for (int c = 0; c < point.Length; c++)
            {
                sum += (point[c] - _mean[c]) * _axes[a][c];
            }

            result[a] = sum;
        }

        return result;
    }
}
