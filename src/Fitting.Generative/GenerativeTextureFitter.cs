using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Identity;
using Facebench.Rendering;

namespace Facebench.Fitting.Generative;

/// <summary>
/// GANFIT's schedule for the texture (Gecer et al., CVPR 2019, sec. 4), on the geometry of a photometric fit (the
/// landmark and photometric stages before it have placed the mesh): first the latent code and lighting against the
/// photometric term alone, from z = 0 and the fit's lighting; then all terms (photometric, identity, content, priors).
/// The geometry stays frozen: the identity term moves the texture, not the shape.
/// </summary>
public sealed class GenerativeTextureFitter
{
    private readonly ITextureGenerator _generator;
    private readonly FaceRecognitionNetwork? _network;

    /// <summary>Creates the fitter.</summary>
    /// <param name="generator">A per-vertex texture generator.</param>
    /// <param name="network">The recogniser for the identity term and its measurement; null leaves both out.</param>
    /// <param name="weights">The terms' weights.</param>
    public GenerativeTextureFitter(ITextureGenerator generator, FaceRecognitionNetwork? network, GenerativeTextureWeights weights)
    {
        _generator = generator;
        _network = network;
        Weights = weights;
    }

    /// <summary>The weights.</summary>
    public GenerativeTextureWeights Weights { get; }

    /// <summary>L-BFGS iterations against the photometric term alone.</summary>
    public int PhotometricIterations { get; init; } = 40;

    /// <summary>L-BFGS iterations with all terms.</summary>
    public int Iterations { get; init; } = 40;

    /// <summary>Fits the texture to a photo crop.</summary>
    /// <param name="renderer">A renderer whose geometry is set to the fitted face in the crop.</param>
    /// <param name="photo">The crop, interleaved RGB in [0, 1].</param>
    /// <param name="landmarks">The 68 observed landmarks in crop pixels (for the recogniser's alignment).</param>
    /// <param name="lighting">The photometric fit's SH lighting (start and prior).</param>
    /// <param name="vertexMap">For each vertex of the renderer's mesh, its index in the generator's; null when the same.</param>
    public GenerativeTextureFit Fit(DifferentiableRenderer renderer, ReadOnlySpan<double> photo, IReadOnlyList<Point2> landmarks, ReadOnlySpan<double> lighting, int[]? vertexMap = null)
    {
        long begin = Stopwatch.GetTimestamp();
        int size = renderer.Width * renderer.Height;
        IdentityLoss? measure = _network is null ? null : new IdentityLoss(_network, photo, renderer.Width, renderer.Height, landmarks, new IdentityLossWeights(1, 0));
        IdentityLoss? term = _network is null || (Weights.Identity == 0 && Weights.Content == 0)
            ? null
            : new IdentityLoss(_network, photo, renderer.Width, renderer.Height, landmarks, new IdentityLossWeights(Weights.Identity, Weights.Content));

        var x = new double[_generator.LatentCount + SphericalHarmonics.CoefficientCount];
        lighting.CopyTo(x.AsSpan(_generator.LatentCount));
        var lbfgs = new Lbfgs(x.Length);
        var photometricOnly = new GenerativeTextureObjective(renderer, photo, _generator, null, lighting, Weights, vertexMap);
        LbfgsReport first = lbfgs.Minimize(photometricOnly, x, PhotometricIterations);
        var all = new GenerativeTextureObjective(renderer, photo, _generator, term, lighting, Weights, vertexMap);
        LbfgsReport second = term is null ? default : lbfgs.Minimize(all, x, Iterations);

        // The final render, its error and its identity.
        photometricOnly.Evaluate(x, []);
        ReadOnlySpan<double> image = renderer.Image;
        ReadOnlySpan<bool> mask = renderer.Mask;
        var composite = photo.ToArray();
        double mae = 0;
        int pixels = 0;
        for (int p = 0; p < size; p++)
        {
            if (!mask[p])
            {
                continue;
            }

            pixels++;
            for (int c = 0; c < 3; c++)
            {
                composite[(3 * p) + c] = image[(3 * p) + c];
                mae += Math.Abs(image[(3 * p) + c] - photo[(3 * p) + c]) * 255 / 3;
            }
        }

        var latent = x.AsSpan(0, _generator.LatentCount).ToArray().Select(v => (float)v).ToArray();
        var texture = new float[_generator.ValueCount];
        _generator.Evaluate(latent, texture);
        return new GenerativeTextureFit
        {
            Latent = latent,
            Texture = texture,
            Lighting = x.AsSpan(_generator.LatentCount).ToArray(),
            IdentityCosine = measure?.Evaluate(image, mask, []).Cosine ?? double.NaN,
            PhotometricMae = pixels > 0 ? mae / pixels : double.NaN,
            Composite = composite,
            Iterations = (first.Iterations, second.Iterations),
            FitTimeMs = Stopwatch.GetElapsedTime(begin).TotalMilliseconds,
        };
    }
}
