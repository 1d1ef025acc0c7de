using System.Runtime.CompilerServices;

namespace Facebench.Fitting.Photometric;

/// <summary>The per-pixel penalty ρ on the RGB distance e = ‖render − photo‖ in grey levels (0–255 per channel).</summary>
public enum PhotometricLossKind
{
    /// <summary>ρ(e) = e²: least squares, the maximum-likelihood choice for Gaussian pixel noise.</summary>
    L2,

    /// <summary>
    /// ρ(e) = √(e² + ε²) − ε with ε = 1 grey level: the per-pixel Euclidean (L2,1) norm of Deep3DFaceRecon (Deng et al. 2019,
    /// eq. 2) and the L1 loss of photometric_optimization, smoothed at zero (Charbonnier et al. 1994) so that it stays
    /// differentiable; robust to pixels the model cannot explain (hair, glasses, occluders).
    /// </summary>
    L1,

    /// <summary>ρ(e) = e² for e ≤ δ, 2δe − δ² beyond (Huber 1964): quadratic near the fit, linear for outliers.</summary>
    Huber,
}

/// <summary>Evaluates ρ and its iteratively-reweighted-least-squares weight.</summary>
public static class PhotometricLoss
{
    /// <summary>ε of the smoothed L1 loss: one grey level.</summary>
    public const double L1Epsilon = 1;

    /// <summary>
    /// Returns ρ(e) for the squared distance e² and writes w = ρ'(e)/(2e), so that ∂ρ/∂r = 2·w·r for the residual
    /// vector r and the Gauss–Newton weight of r is w (Green 1984, IRLS).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Evaluate(PhotometricLossKind kind, double delta, double e2, out double weight)
    {
        switch (kind)
        {
            case PhotometricLossKind.L1:
                {
                    double root = Math.Sqrt(e2 + (L1Epsilon * L1Epsilon));
                    weight = 0.5 / root;
                    return root - L1Epsilon;
                }

            case PhotometricLossKind.Huber when e2 > delta * delta:
                {
                    double e = Math.Sqrt(e2);
                    weight = delta / e;
                    return (2 * delta * e) - (delta * delta);
                }

            default:
                weight = 1;
                return e2;
        }
    }
}
