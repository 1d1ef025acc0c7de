using Facebench.Rendering;

namespace Facebench.Rendering.Tests;

/// <summary>
/// A fixed linear loss on a render, <c>L = Σ_{p ∈ M₀} Σ_c w_pc · image_pc</c> over the mask M₀ of the unperturbed
/// render with fixed random weights, so that finite differences see only the smooth dependence of colours on the
/// inputs (visibility changes, which the renderer does not differentiate, stay out of M₀'s interior).
/// </summary>
internal sealed class GradientCheck
{
    private readonly int[] _pixels;
    private readonly double[] _weights;

    public GradientCheck(DifferentiableRenderer renderer, int seed)
    {
        _pixels = renderer.MaskPixels.ToArray();
        _weights = new double[renderer.Image.Length];
        var random = new Random(seed);
        foreach (int p in _pixels)
        {
            for (int c = 0; c < 3; c++)
            {
                _weights[(3 * p) + c] = random.NextDouble() - 0.5;
            }
        }
    }

    public int PixelCount => _pixels.Length;

    /// <summary>The per-pixel gradient ∂L/∂image to hand to Backward.</summary>
    public double[] PixelGradient => _weights;

    public double Loss(DifferentiableRenderer renderer)
    {
        ReadOnlySpan<double> image = renderer.Image;
        double sum = 0;
        foreach (int p in _pixels)
        {
            sum += (_weights[3 * p] * image[3 * p]) + (_weights[(3 * p) + 1] * image[(3 * p) + 1]) + (_weights[(3 * p) + 2] * image[(3 * p) + 2]);
        }

        return sum;
    }

    /// <summary>Central difference of the loss along a change that <paramref name="apply"/> makes with step ±h.</summary>
    public double Central(DifferentiableRenderer renderer, Action<double> apply, double h)
    {
        apply(h);
        double plus = Loss(renderer);
        apply(-h);
        double minus = Loss(renderer);
        apply(0);
        return (plus - minus) / (2 * h);
    }

    /// <summary>Asserts |a − b| ≤ tolerance · max(|a|, |b|, floor).</summary>
    public static void Close(double expected, double actual, double tolerance, double floor, string what)
    {
        double scale = Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), floor);
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: analytic {actual:G9}, finite difference {expected:G9} (relative error {Math.Abs(expected - actual) / scale:G3}, tolerance {tolerance})");
    }
}
