using Facebench.Audit.Images;
using Facebench.Contracts.Morphable;
using Facebench.Identity;
using Facebench.Morphable;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Audit.Images.Tests;

/// <summary>
/// The rendered-embedding generator on the reference head with its procedural albedo and faceplugin's fr_feature.onnx:
/// the analytic pull-back (network backward → warp adjoint → renderer backward → bases) against central differences of
/// a random linear read-out of the features along albedo directions, as a descent direction along shape directions,
/// and determinism.
/// </summary>
public sealed class RenderedEmbeddingGeneratorTests(ITestOutputHelper output)
{
    private static readonly Lazy<(IMorphableModel Model, ITextureModel Texture)> Models =
        new(() => (ReferenceModelBuilder.Build(identityComponents: 10, expressionComponents: 0), ReferenceAlbedoBuilder.Build()));

    [FacePluginFact]
    public void Albedo_pull_back_matches_central_differences()
    {
        // The render is linear in the albedo and never changes visibility along it, so here the whole chain (normalisation,
        // network backward, warp adjoint, renderer's albedo reverse pass, texture basis) must agree with central differences.
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        var generator = new RenderedEmbeddingGenerator(Models.Value.Model, Models.Value.Texture, network, new RenderedEmbeddingSettings());
        (double[] z, double[] g, double[] gradient, Func<double[], double> readout) = Setup(generator, seed: 11);
        int k = generator.LatentDimension, identity = generator.Settings.IdentityComponents;
        double[] albedoPart = [.. gradient.Select((x, i) => i >= identity ? x : 0)];
        double norm = Math.Sqrt(albedoPart.Sum(x => x * x));
        var random = new Random(5);
        double[][] directions =
        [
            [.. albedoPart.Select(x => x / norm)],
            Unit([.. Enumerable.Range(0, k).Select(i => i >= identity ? Gaussian(random) : 0)]),
            Unit([.. Enumerable.Range(0, k).Select(i => i >= identity ? Gaussian(random) : 0)]),
            Unit([.. Enumerable.Range(0, k).Select(i => i == identity ? 1.0 : 0)]),
        ];
        for (int d = 0; d < directions.Length; d++)
        {
            double[] v = directions[d];
            double analytic = v.Zip(gradient, (a, b) => a * b).Sum();
            double numeric = (readout(Step(z, v, 0.005)) - readout(Step(z, v, -0.005))) / 0.01;
            output.WriteLine($"albedo direction {d}: analytic {analytic:G5}, central difference {numeric:G5}");
            Assert.True(Math.Abs(analytic - numeric) < (0.05 * Math.Abs(numeric)) + (0.01 * norm), $"albedo direction {d}: analytic {analytic}, central difference {numeric}");
        }
    }

    [FacePluginFact]
    public void Identity_pull_back_is_a_descent_direction_of_the_readout()
    {
        // Along shape directions pixels cross the silhouette and change triangle; the renderer does not differentiate
        // those jumps (see DifferentiableRenderer), so central differences of the network's read-out are rough and the
        // analytic gradient is exact only for the smooth part. What the MMD optimiser needs is a descent direction:
        // a small step against the identity part of the gradient lowers the read-out, at several latents.
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        var generator = new RenderedEmbeddingGenerator(Models.Value.Model, Models.Value.Texture, network, new RenderedEmbeddingSettings());
        int identity = generator.Settings.IdentityComponents;
        foreach (int seed in new[] { 11, 12, 13 })
        {
            (double[] z, _, double[] gradient, Func<double[], double> readout) = Setup(generator, seed);
            double[] identityPart = [.. gradient.Select((x, i) => i < identity ? x : 0)];
            double norm = Math.Sqrt(identityPart.Sum(x => x * x));
            double[] down = [.. identityPart.Select(x => -x / norm)];
            double before = readout(z), after = readout(Step(z, down, 0.1));
            double numeric = (readout(Step(z, down, 0.05)) - readout(Step(z, down, -0.05))) / 0.1;
            output.WriteLine($"seed {seed}: |∇_id| {norm:G4}; read-out {before:G6} → {after:G6} after 0.1σ against it; central difference along it {numeric:G4} (analytic {-norm:G4})");
            Assert.True(norm > 0 && double.IsFinite(norm));
            Assert.True(after < before, $"seed {seed}: a 0.1σ step against the identity gradient raised the read-out from {before} to {after}");
            Assert.True(numeric < 0, $"seed {seed}: the read-out grows along the negative identity gradient (central difference {numeric})");
        }
    }

    private static (double[] Z, double[] G, double[] Gradient, Func<double[], double> Readout) Setup(RenderedEmbeddingGenerator generator, int seed)
    {
        var random = new Random(seed);
        double[] z = [.. Enumerable.Range(0, generator.LatentDimension).Select(_ => 0.7 * Gaussian(random))];
        double[] g = [.. Enumerable.Range(0, generator.FeatureDimension).Select(_ => Gaussian(random))];
        var gradient = new double[generator.LatentDimension];
        generator.PullBack(z, g, gradient);
        return (z, g, gradient, latent => generator.Features(latent).Zip(g, (a, b) => a * b).Sum());
    }

    [FacePluginFact]
    public void Features_are_unit_length_deterministic_across_instances_and_differ_between_faces()
    {
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        using var other = new FaceRecognitionNetwork(FacePluginModels.Feature);
        var settings = new RenderedEmbeddingSettings { IdentityComponents = 6, TextureComponents = 4 };
        var first = new RenderedEmbeddingGenerator(Models.Value.Model, Models.Value.Texture, network, settings);
        var second = new RenderedEmbeddingGenerator(Models.Value.Model, Models.Value.Texture, other, settings);
        double[] a = first.Latent([1.2f, -0.5f, 0.3f, 0, 0, 0.8f, 9, 9], [1.5f, -1, 0, 0.5f]);
        double[] b = first.Latent([-1.2f, 0.5f], [-1.5f, 1]);
        Assert.Equal(10, a.Length);
        Assert.Equal(0.8, a[5], 6);
        Assert.Equal(0, b[5]);

        double[] fa = first.Features(a), fb = first.Features(b);
        Assert.Equal(1, Math.Sqrt(fa.Sum(x => x * x)), 9);
        Assert.Equal(fa, first.Features(a));
        Assert.Equal(fa, second.Features(a));
        double cosine = fa.Zip(fb, (x, y) => x * y).Sum();
        output.WriteLine($"cosine between the two faces' embeddings: {cosine:F4}");
        Assert.True(cosine < 0.999, $"two different faces give almost the same embedding (cosine {cosine})");
    }

    [FacePluginFact]
    public void Mismatched_inputs_are_refused_with_the_reason()
    {
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        var generator = new RenderedEmbeddingGenerator(Models.Value.Model, Models.Value.Texture, network, new RenderedEmbeddingSettings { IdentityComponents = 2, TextureComponents = 2 });
        Assert.Contains("holds 3 values", Assert.Throws<ArgumentException>(() => generator.Features([0, 0, 0])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => generator.Features([0, double.NaN, 0, 0])).Message);
        Assert.Contains("identity components", Assert.Throws<ArgumentException>(() =>
            new RenderedEmbeddingGenerator(Models.Value.Model, Models.Value.Texture, network, new RenderedEmbeddingSettings { IdentityComponents = 11 })).Message);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] Unit(double[] v)
    {
        double n = Math.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / n)];
    }

    private static double[] Step(double[] z, double[] v, double h) => [.. z.Select((x, i) => x + (h * v[i]))];
}
