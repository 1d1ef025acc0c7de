using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Distributions;

namespace Facebench.Audit.Golden;

/// <summary>The outcome of one generation run.</summary>
/// <param name="Latents">Final latent vectors.</param>
/// <param name="Features">Their features.</param>
/// <param name="Labels">The class each generated sample was generated for.</param>
/// <param name="Mmd">MMD between all generated and all golden features before each step and after the last (Iterations + 1 values).</param>
/// <param name="Snapshots">Features at the requested iterations.</param>
/// <param name="Analytic">True when the analytic gradient was used.</param>
public sealed record GenerationResult(
    IReadOnlyList<double[]> Latents, IReadOnlyList<double[]> Features, IReadOnlyList<string> Labels,
    IReadOnlyList<double> Mmd, IReadOnlyDictionary<int, IReadOnlyList<double[]>> Snapshots, bool Analytic);

/// <summary>
/// Moves random latents so that the generated samples' features approach a golden set's, by minimising the
/// class-conditional squared MMD with a Gaussian kernel (generative moment matching, Li, Swersky &amp; Zemel 2015,
/// applied to the latents of a fixed generator as in Dziugaite et al. 2015's sample-based view):
/// <code>L(Z) = Σ_c MMD²(f(Z_c), G_c) + λ/(2n) Σ_i ‖z_i‖²</code>
/// where Z_c are the latents generated for class c (as many as the golden set's share of c asks) and G_c the golden
/// features of class c; each generated sample therefore carries the label of the class it was matched to. Steps
/// are Adam (Kingma &amp; Ba 2015). The gradient is analytic (<see cref="GaussianKernelMmd"/>'s ∂MMD²/∂f pulled back
/// through the generator's Jacobian) when the generator is differentiable, otherwise SPSA (Spall 1992): with a
/// Rademacher perturbation Δ of all latents, ĝ = (L(Z + cΔ) − L(Z − cΔ)) / (2c) · Δ, averaged over several Δ (the
/// zeroth-order Adam of Chen et al. 2019, "ZO-AdaMM"). Deterministic for a seed.
/// </summary>
public static class MmdGenerator
{
    private const double Beta1 = 0.9, Beta2 = 0.999, AdamEpsilon = 1e-8;

    /// <summary>Runs the generation.</summary>
    /// <param name="generator">Latents → features.</param>
    /// <param name="golden">Golden features per class.</param>
    /// <param name="count">Samples to generate (split over classes in the golden set's proportions).</param>
    /// <param name="settings">Optimiser settings.</param>
    /// <param name="seed">Seed of the initial latents and of zeroth-order perturbations.</param>
    public static GenerationResult Generate(IFeatureGenerator generator, IReadOnlyDictionary<string, IReadOnlyList<double[]>> golden, int count, GenerationSettings settings, int seed)
    {
        bool analytic = settings.Mode switch
        {
            GradientMode.Analytic when !generator.IsDifferentiable => throw new ArgumentException("analytic gradients were asked for, but the generator is not differentiable."),
            GradientMode.Analytic => true,
            GradientMode.ZerothOrder => false,
            _ => generator.IsDifferentiable,
        };

        string[] classes = [.. golden.Keys.Order(StringComparer.Ordinal)];
        double[][] pooledGolden = [.. classes.SelectMany(c => golden[c])];
        double h = GaussianKernelMmd.MedianHeuristic(pooledGolden);
        double[] bandwidths = [h / 2, h, 2 * h];
        var pooled = new GaussianKernelMmd(pooledGolden, bandwidths);
        var perClass = classes.ToDictionary(c => c, c => new GaussianKernelMmd(golden[c], bandwidths), StringComparer.Ordinal);

        Dictionary<string, int> allocation = StratifiedResampling.Allocate(classes.ToDictionary(c => c, c => (double)golden[c].Count, StringComparer.Ordinal), count);
        var labels = classes.SelectMany(c => Enumerable.Repeat(c, allocation[c])).ToArray();
        int n = labels.Length, k = generator.LatentDimension;
        var random = new StableRandom((uint)seed);
        double[][] z = [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, k).Select(_ => random.NextGaussian()).ToArray())];
        double[][] m = [.. Enumerable.Range(0, n).Select(_ => new double[k])];
        double[][] v = [.. Enumerable.Range(0, n).Select(_ => new double[k])];
        double[][] gradient = [.. Enumerable.Range(0, n).Select(_ => new double[k])];

        var mmd = new List<double>(settings.Iterations + 1);
        var snapshots = new Dictionary<int, IReadOnlyList<double[]>>();
        double[][] features = [.. z.Select(generator.Features)];
        for (int t = 0; ; t++)
        {
            mmd.Add(pooled.Distance(features));
            if (settings.Snapshots.Contains(t))
            {
                snapshots[t] = [.. features.Select(f => (double[])f.Clone())];
            }

            if (t == settings.Iterations)
            {
                break;
            }

            if (analytic)
            {
                AnalyticGradient(generator, perClass, labels, z, features, settings.PriorWeight, gradient);
            }
            else
            {
                ZerothOrderGradient(generator, perClass, labels, z, settings, random, gradient);
            }

            // Adam with bias correction.
            double c1 = 1 - Math.Pow(Beta1, t + 1), c2 = 1 - Math.Pow(Beta2, t + 1);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    double g = gradient[i][j];
                    m[i][j] = (Beta1 * m[i][j]) + ((1 - Beta1) * g);
                    v[i][j] = (Beta2 * v[i][j]) + ((1 - Beta2) * g * g);
                    z[i][j] -= settings.StepSize * (m[i][j] / c1) / (Math.Sqrt(v[i][j] / c2) + AdamEpsilon);
                }
            }

            features = [.. z.Select(generator.Features)];
        }

        return new GenerationResult(z, features, labels, mmd, snapshots, analytic);
    }

    /// <summary>The objective L(Z) (for zeroth-order estimates and tests).</summary>
    public static double Objective(IFeatureGenerator generator, IReadOnlyDictionary<string, GaussianKernelMmd> perClass, string[] labels, double[][] z, double priorWeight)
    {
        double[][] f = [.. z.Select(generator.Features)];
        double loss = 0;
        foreach ((string c, GaussianKernelMmd kernel) in perClass)
        {
            double[][] members = [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => f[i])];
            if (members.Length > 0)
            {
                loss += kernel.Squared(members);
            }
        }

        return loss + (priorWeight / (2.0 * z.Length) * z.Sum(row => row.Sum(x => x * x)));
    }

    private static void AnalyticGradient(IFeatureGenerator generator, Dictionary<string, GaussianKernelMmd> perClass, string[] labels, double[][] z, double[][] features, double priorWeight, double[][] gradient)
    {
        foreach ((string c, GaussianKernelMmd kernel) in perClass)
        {
            int[] members = [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == c)];
            if (members.Length == 0)
            {
                continue;
            }

            double[][] featureGradient = [.. members.Select(_ => new double[kernel.Dimension])];
            kernel.SquaredWithGradient([.. members.Select(i => features[i])], featureGradient);
            for (int r = 0; r < members.Length; r++)
            {
                generator.PullBack(z[members[r]], featureGradient[r], gradient[members[r]]);
            }
        }

        for (int i = 0; i < z.Length; i++)
        {
            for (int j = 0; j < z[i].Length; j++)
            {
                gradient[i][j] += priorWeight / z.Length * z[i][j];
            }
        }
    }

    private static void ZerothOrderGradient(IFeatureGenerator generator, Dictionary<string, GaussianKernelMmd> perClass, string[] labels, double[][] z, GenerationSettings settings, StableRandom random, double[][] gradient)
    {
        int n = z.Length, k = z[0].Length;
        foreach (double[] g in gradient)
        {
            Array.Clear(g);
        }

        double c = settings.Smoothing;
        var plus = new double[n][];
        var minus = new double[n][];
        var delta = new double[n][];
        for (int d = 0; d < settings.Directions; d++)
        {
            for (int i = 0; i < n; i++)
            {
                delta[i] = [.. Enumerable.Range(0, k).Select(_ => random.NextInt(2) == 0 ? -1.0 : 1.0)];
                plus[i] = [.. z[i].Zip(delta[i], (a, b) => a + (c * b))];
                minus[i] = [.. z[i].Zip(delta[i], (a, b) => a - (c * b))];
            }

            double difference = Objective(generator, perClass, labels, plus, settings.PriorWeight) - Objective(generator, perClass, labels, minus, settings.PriorWeight);
            double scale = difference / (2 * c * settings.Directions);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    gradient[i][j] += scale * delta[i][j]; // Δ⁻¹ = Δ for ±1 entries
                }
            }
        }
    }
}
