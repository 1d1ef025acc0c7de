using Facebench.Audit.Classifiers;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Distributions;

namespace Facebench.Audit.Analyses;

/// <summary>What an attribute classifier sees in a model's prior.</summary>
/// <param name="Model">The model's label in the pipeline.</param>
/// <param name="Samples">Faces drawn.</param>
/// <param name="Predicted">Share of faces classified as each value (hard decisions).</param>
/// <param name="MeanProbability">Mean predicted probability of each value (soft).</param>
/// <param name="Target">The target distribution.</param>
/// <param name="TotalVariation">TV(predicted, target).</param>
/// <param name="KullbackLeibler">KL(predicted ‖ target), nats; infinite when the target lacks a predicted value.</param>
public sealed record PriorAuditResult(
    string Model, int Samples, IReadOnlyDictionary<string, double> Predicted, IReadOnlyDictionary<string, double> MeanProbability,
    IReadOnlyDictionary<string, double> Target, double TotalVariation, double KullbackLeibler);

/// <summary>
/// The model-prior audit: draw N neutral faces from a model's prior (identity coefficients ~ N(0, I) in σ units),
/// classify each with an attribute classifier, and compare the distribution of predicted attribute values with a
/// target distribution by total variation and KL divergence (<see cref="CategoricalDistance"/>). A model whose prior
/// generates one group's faces far more often than the target says is skewed, whatever its documentation says.
/// (Predictions inherit the classifier's own errors: read the classifier's held-out per-group accuracy beside it.)
/// </summary>
public static class PriorAudit
{
    /// <summary>Runs the audit on one model.</summary>
    public static PriorAuditResult Run(string label, IMorphableModel model, FaceAttributeClassifier classifier, IReadOnlyDictionary<string, double> target, int samples, int seed)
    {
        classifier.Features.CheckCompatible(model);
        var random = new StableRandom((uint)seed);
        var predicted = new List<string>(samples);
        var meanProbability = classifier.Classes.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
        var identity = new float[model.IdentityCount];
        var features = new List<double[]>(samples);
        for (int i = 0; i < samples; i++)
        {
            for (int k = 0; k < identity.Length; k++)
            {
                identity[k] = (float)random.NextGaussian();
            }

            features.Add(classifier.Features.Compute(model, identity));
        }

        foreach (double[] p in classifier.Probabilities(features))
        {
            predicted.Add(classifier.Model.MostProbable(p));
            for (int c = 0; c < p.Length; c++)
            {
                meanProbability[classifier.Classes[c]] += p[c] / samples;
            }
        }

        Dictionary<string, double> distribution = CategoricalDistance.Empirical(predicted);
        foreach (string c in classifier.Classes)
        {
            distribution.TryAdd(c, 0);
        }

        return new PriorAuditResult(label, samples, distribution, meanProbability, CategoricalDistance.Normalize(target),
            CategoricalDistance.TotalVariation(distribution, target), CategoricalDistance.KullbackLeibler(distribution, target));
    }
}
