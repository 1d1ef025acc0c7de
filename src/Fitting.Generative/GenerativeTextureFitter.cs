using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Photometric;
using Facebench.Identity;
using Facebench.Rendering;

namespace Facebench.Fitting.Generative;

/// <summary>
/// GANFIT's schedule for the texture (Gecer et al., CVPR 2019, sec. 4), on the geometry of a photometric fit (the
/// landmark and photometric stages before it have placed the mesh): first the latent code and lighting against the
/// photometric term alone, from z = 0 and the fit's lighting, geometry frozen; then all terms (photometric, identity,
/// content, landmarks, priors) over the latent and lighting; then, as GANFIT's last stage does, all terms over the
/// shape, expression and pose as well (<see cref="JointGeometry"/>, the chain overload of <c>Fit</c>).
/// <para>
/// Why the frozen all-terms stage before the joint one: started straight from the photometric-only stage, the joint
/// L-BFGS on LFPW image_0010 stalled after 11 iterations at a higher loss than the frozen stage reaches in 30: near a
/// photometric fit's geometry the loss's change under a geometry step is dominated by pixels entering and leaving the
/// mask (the identity term sees the render composited over the photo, so a silhouette pixel switches from photo to
/// render), which the renderer's gradient leaves out. Continuing from the frozen stage, the joint stage only has to
/// find what the geometry adds; its loss is never above the frozen one.
/// </para>
/// The overload on a bare renderer keeps the geometry it was given.
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

    /// <summary>L-BFGS iterations of the all-terms stage over the geometry too (after <see cref="Iterations"/> with it frozen).</summary>
    public int JointIterations { get; init; } = 20;

    /// <summary>L-BFGS iterations per round of the joint stage (the geometry's preconditioner is rebuilt between rounds).</summary>
    public int RoundIterations { get; init; } = 10;

    /// <summary>
    /// True (GANFIT's schedule): the all-terms stage also fits shape, expression and pose; false keeps the photometric
    /// fit's geometry (only the chain overload of <c>Fit</c> can move it).
    /// </summary>
    public bool JointGeometry { get; init; } = true;

    /// <summary>Fits the texture to a photo crop.</summary>
    /// <param name="renderer">A renderer whose geometry is set to the fitted face in the crop.</param>
    /// <param name="photo">The crop, interleaved RGB in [0, 1].</param>
    /// <param name="landmarks">The 68 observed landmarks in crop pixels (for the recogniser's alignment).</param>
    /// <param name="lighting">The photometric fit's SH lighting (start and prior).</param>
    /// <param name="vertexMap">For each vertex of the renderer's mesh, its index in the generator's; null when the same.</param>
    public GenerativeTextureFit Fit(DifferentiableRenderer renderer, ReadOnlySpan<double> photo, IReadOnlyList<Point2> landmarks, ReadOnlySpan<double> lighting, int[]? vertexMap = null)
    {
        long begin = Stopwatch.GetTimestamp();
        (IdentityLoss? measure, IdentityLoss? term) = IdentityTerms(renderer, photo, landmarks);
        var x = new double[_generator.LatentCount + SphericalHarmonics.CoefficientCount];
        lighting.CopyTo(x.AsSpan(_generator.LatentCount));
        var lbfgs = new Lbfgs(x.Length);
        var photometricOnly = new GenerativeTextureObjective(renderer, photo, _generator, null, lighting, Weights, vertexMap);
        LbfgsReport first = lbfgs.Minimize(photometricOnly, x, PhotometricIterations);
        double photometricStageMae = double.NaN;
        LbfgsReport second = default;
        var all = new GenerativeTextureObjective(renderer, photo, _generator, term, lighting, Weights, vertexMap);
        if (term is not null)
        {
            photometricOnly.Evaluate(x, []);
            photometricStageMae = MaskMae(renderer, photo, out _);
            second = lbfgs.Minimize(all, x, Iterations);
        }

        double total = all.Evaluate(x, []);
        photometricOnly.Evaluate(x, []);
        return Result(renderer, photo, x, measure, (first.Iterations, second.Iterations, 0), begin) with { Total = total, PhotometricStageMae = photometricStageMae };
    }

    /// <summary>The identity measurement (weight 1, for the cosine) and the identity term (null when off).</summary>
    private (IdentityLoss? Measure, IdentityLoss? Term) IdentityTerms(DifferentiableRenderer renderer, ReadOnlySpan<double> photo, IReadOnlyList<Point2> landmarks)
    {
        IdentityLoss? measure = _network is null ? null : new IdentityLoss(_network, photo, renderer.Width, renderer.Height, landmarks, new IdentityLossWeights(1, 0));
        IdentityLoss? term = _network is null || (Weights.Identity == 0 && Weights.Content == 0)
            ? null
            : new IdentityLoss(_network, photo, renderer.Width, renderer.Height, landmarks, new IdentityLossWeights(Weights.Identity, Weights.Content));
        return (measure, term);
    }

    /// <summary>Mean absolute error over the render's mask, grey levels (0–255, averaged over RGB).</summary>
    private static double MaskMae(DifferentiableRenderer renderer, ReadOnlySpan<double> photo, out int pixels)
    {
        ReadOnlySpan<double> image = renderer.Image;
        double mae = 0;
        pixels = 0;
        foreach (int p in renderer.MaskPixels)
        {
            pixels++;
            for (int c = 0; c < 3; c++)
            {
                mae += Math.Abs(image[(3 * p) + c] - photo[(3 * p) + c]) * 255 / 3;
            }
        }

        return pixels > 0 ? mae / pixels : double.NaN;
    }

    /// <summary>The fit from the renderer's last render (the final state) and the appearance variables [z, ℓ].</summary>
    private GenerativeTextureFit Result(DifferentiableRenderer renderer, ReadOnlySpan<double> photo, ReadOnlySpan<double> appearance, IdentityLoss? measure, (int, int, int) iterations, long begin)
    {
        ReadOnlySpan<double> image = renderer.Image;
        var composite = photo.ToArray();
        foreach (int p in renderer.MaskPixels)
        {
            image.Slice(3 * p, 3).CopyTo(composite.AsSpan(3 * p, 3));
        }

        double mae = MaskMae(renderer, photo, out _);
        var latent = appearance[.._generator.LatentCount].ToArray().Select(v => (float)v).ToArray();
        var texture = new float[_generator.ValueCount];
        _generator.Evaluate(latent, texture);
        return new GenerativeTextureFit
        {
            Latent = latent,
            Texture = texture,
            Lighting = appearance[_generator.LatentCount..].ToArray(),
            IdentityCosine = measure?.Evaluate(image, renderer.Mask, []).Cosine ?? double.NaN,
            PhotometricMae = mae,
            Composite = composite,
            Iterations = iterations,
            FitTimeMs = Stopwatch.GetElapsedTime(begin).TotalMilliseconds,
        };
    }

    /// <summary>
    /// Fits the texture and, with <see cref="JointGeometry"/>, the geometry to a photo crop, continuing a fit whose chain
    /// (renderer, basis, camera, observed landmarks, reference rotation) is set.
    /// </summary>
    /// <param name="chain">The chain of the fit (e.g. <c>PhotometricFitter.Objective.Geometry</c>).</param>
    /// <param name="geometry">The fit's geometry g = [ω, t, α, β] (ω an increment on the chain's reference rotation).</param>
    /// <param name="photo">The crop, interleaved RGB in [0, 1].</param>
    /// <param name="landmarks">The 68 observed landmarks in crop pixels (for the recogniser's alignment).</param>
    /// <param name="lighting">The fit's SH lighting (start and prior).</param>
    public GenerativeTextureFit Fit(GeometryChain chain, ReadOnlySpan<double> geometry, ReadOnlySpan<double> photo, IReadOnlyList<Point2> landmarks, ReadOnlySpan<double> lighting)
    {
        ArgumentNullException.ThrowIfNull(chain);
        long begin = Stopwatch.GetTimestamp();
        DifferentiableRenderer renderer = chain.Renderer;
        (IdentityLoss? measure, IdentityLoss? term) = IdentityTerms(renderer, photo, landmarks);
        int appearance = _generator.LatentCount + SphericalHarmonics.CoefficientCount;
        var x = new double[appearance];
        lighting.CopyTo(x.AsSpan(_generator.LatentCount));

        // Photometric term alone on the frozen geometry, then all terms (jointly with the geometry if asked).
        var photometricOnly = new GenerativeTextureObjective(chain, geometry, photo, _generator, null, lighting, Weights, geometryActive: false);
        LbfgsReport first = new Lbfgs(appearance).Minimize(photometricOnly, x, PhotometricIterations);
        photometricOnly.EvaluateNatural(x, []);
        double photometricStageMae = MaskMae(renderer, photo, out _);

        // All terms on the frozen geometry: where a fit that keeps the geometry ends.
        var frozen = new GenerativeTextureObjective(chain, geometry, photo, _generator, term, lighting, Weights, geometryActive: false);
        double startTotal = frozen.EvaluateNatural(x, []);
        LbfgsReport second = term is null || Iterations == 0 ? default : new Lbfgs(appearance).Minimize(frozen, x, Iterations);
        double frozenTotal = frozen.EvaluateNatural(x, []);

        // Then all terms over the geometry too, in rounds as the photometric fit does: the Gauss–Newton preconditioner
        // of the geometry is rebuilt where the last round ended and L-BFGS restarts there (a pixel entering or leaving
        // the mask changes the loss in a way the renderer's gradient does not see, which can stall a line search).
        GenerativeTextureObjective all = JointGeometry
            ? new GenerativeTextureObjective(chain, geometry, photo, _generator, term, lighting, Weights, geometryActive: true)
            : frozen;
        var natural = new double[all.Dimension];
        geometry[..all.GeometryCount].CopyTo(natural);
        x.CopyTo(natural, all.GeometryCount);
        int remaining = JointGeometry ? JointIterations : 0, joint = 0;
        var z = new double[all.Dimension];
        var lbfgs = new Lbfgs(all.Dimension);
        while (remaining > 0)
        {
            all.Precondition(natural, z);
            LbfgsReport round = lbfgs.Minimize(all, z, Math.Min(remaining, RoundIterations));
            all.ToNatural(z, natural);
            joint += round.Iterations;
            remaining -= Math.Max(round.Iterations, 1);
            if (round.Status == LbfgsStatus.Converged || round.Iterations == 0)
            {
                break;
            }
        }

        double total = all.EvaluateNatural(natural, []);
        var finalGeometry = all.Geometry.ToArray();
        var fittedLandmarks = new Point2[landmarks.Count];
        double landmarkRmse = chain.ProjectLandmarks(finalGeometry, fittedLandmarks);
        all.EvaluateNatural(natural, []);
        return Result(renderer, photo, natural.AsSpan(all.GeometryCount), measure, (first.Iterations, second.Iterations, joint), begin) with
        {
            Geometry = finalGeometry,
            Total = total,
            StartTotal = startTotal,
            FrozenTotal = frozenTotal,
            PhotometricStageMae = photometricStageMae,
            FittedLandmarks = fittedLandmarks,
            LandmarkRmsePx = landmarkRmse,
        };
    }
}
