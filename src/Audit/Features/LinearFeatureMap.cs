namespace Facebench.Audit.Features;

/// <summary>
/// Features that are an affine function of a model's identity coefficients, f(z) = offset + J·z (exact for both
/// <see cref="FeatureKind"/>s of a linear model): gives the generator's Jacobian for gradient-based sample
/// generation without differentiating through the mesh.
/// </summary>
/// <param name="Offset">f(0), length D.</param>
/// <param name="Jacobian">J, row-major [D × K].</param>
/// <param name="CoefficientCount">K.</param>
public sealed record LinearFeatureMap(double[] Offset, double[] Jacobian, int CoefficientCount)
{
    /// <summary>Feature dimension D.</summary>
    public int Dimension => Offset.Length;

    /// <summary>f(z).</summary>
    public double[] Apply(ReadOnlySpan<double> z)
    {
        var f = (double[])Offset.Clone();
        int k = CoefficientCount;
        for (int r = 0; r < f.Length; r++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Jacobian[(r * k) + c] * z[c];
            }

            f[r] += sum;
        }

        return f;
    }

    /// <summary>The chain rule: writes Jᵀ·g (the gradient with respect to z of a function whose gradient in feature space is g).</summary>
    public void PullBack(ReadOnlySpan<double> featureGradient, Span<double> coefficientGradient)
    {
        int k = CoefficientCount;
        coefficientGradient.Clear();
        for (int r = 0; r < featureGradient.Length; r++)
        {
            double g = featureGradient[r];
            for (int c = 0; c < k; c++)
            {
                coefficientGradient[c] += Jacobian[(r * k) + c] * g;
            }
        }
    }
}
