using Facebench.Audit.Features;

namespace Facebench.Audit.Golden;

/// <summary>
/// A generator seen from the golden loop: latent vector z (e.g. a model's identity coefficients) → feature vector
/// f(z), optionally with the vector-Jacobian product Jᵀg that gradient-based generation needs.
/// </summary>
public interface IFeatureGenerator
{
    /// <summary>Length of z.</summary>
    int LatentDimension { get; }

    /// <summary>Length of f(z).</summary>
    int FeatureDimension { get; }

    /// <summary>True when <see cref="PullBack"/> is available.</summary>
    bool IsDifferentiable { get; }

    /// <summary>f(z).</summary>
    double[] Features(double[] latent);

    /// <summary>Writes (∂f/∂z)ᵀ · <paramref name="featureGradient"/> into <paramref name="latentGradient"/>.</summary>
    /// <exception cref="NotSupportedException">The generator is not differentiable.</exception>
    void PullBack(double[] latent, double[] featureGradient, double[] latentGradient);
}

/// <summary>A morphable model's identity coefficients → <see cref="FaceFeatures"/>: exactly affine, so differentiable.</summary>
public sealed class LinearFeatureGenerator(LinearFeatureMap map) : IFeatureGenerator
{
    /// <inheritdoc />
    public int LatentDimension => map.CoefficientCount;

    /// <inheritdoc />
    public int FeatureDimension => map.Dimension;

    /// <inheritdoc />
    public bool IsDifferentiable => true;

    /// <inheritdoc />
    public double[] Features(double[] latent) => map.Apply(latent);

    /// <inheritdoc />
    public void PullBack(double[] latent, double[] featureGradient, double[] latentGradient) => map.PullBack(featureGradient, latentGradient);
}

/// <summary>Any function z → f(z) without derivatives (a renderer, a network behind an inference service): zeroth-order only.</summary>
public sealed class BlackBoxFeatureGenerator(int latentDimension, int featureDimension, Func<double[], double[]> features) : IFeatureGenerator
{
    /// <inheritdoc />
    public int LatentDimension => latentDimension;

    /// <inheritdoc />
    public int FeatureDimension => featureDimension;

    /// <inheritdoc />
    public bool IsDifferentiable => false;

    /// <inheritdoc />
    public double[] Features(double[] latent) => features(latent);

    /// <inheritdoc />
    public void PullBack(double[] latent, double[] featureGradient, double[] latentGradient) =>
        throw new NotSupportedException("this generator has no derivatives; use zeroth-order generation.");
}
