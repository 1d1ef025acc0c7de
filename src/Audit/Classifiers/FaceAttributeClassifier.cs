using Facebench.Audit.Features;
using Facebench.Audit.Models;
using Facebench.Audit.Populations;
using Facebench.Classification;
using Facebench.Contracts.Morphable;

namespace Facebench.Audit.Classifiers;

/// <summary>How well a classifier does on data it was not trained on.</summary>
/// <param name="Metrics">Accuracy overall and per group, worst group, equalized-odds gap.</param>
/// <param name="Calibration">Per-class reliability.</param>
/// <param name="Count">Held-out examples.</param>
public sealed record HeldOutEvaluation(GroupMetricsSummary Metrics, IReadOnlyList<ClassCalibration> Calibration, int Count)
{
    /// <summary>Accuracy per group, equalized odds and per-class calibration of a regression on feature rows with known classes.</summary>
    public static HeldOutEvaluation Of(SoftmaxRegression model, IReadOnlyList<double[]> features, IReadOnlyList<string> truth, IReadOnlyList<string> groups, int calibrationBins = 10)
    {
        double[][] p = model.PredictProbabilities(features);
        string[] predicted = [.. p.Select(model.MostProbable)];
        return new HeldOutEvaluation(GroupMetrics.Evaluate(truth, predicted, groups), ClasswiseCalibration.Compute(model.Classes, p, truth, calibrationBins), truth.Count);
    }
}

/// <summary>
/// An attribute classifier of faces: <see cref="FaceFeatures"/> followed by a
/// <see cref="SoftmaxRegression"/> trained with ML.NET (a "linear probe", Alain &amp; Bengio 2016). It knows the attribute it
/// predicts, the make-up of its training data and its held-out evaluation. Immutable; fine-tuning returns a copy.
/// </summary>
public sealed class FaceAttributeClassifier
{
    /// <summary>Creates a classifier from its parts.</summary>
    public FaceAttributeClassifier(string attribute, FaceFeatures features, SoftmaxRegression model, TrainingMakeup makeup, HeldOutEvaluation? heldOut)
    {
        Attribute = attribute;
        Features = features;
        Model = model;
        TrainingMakeup = makeup;
        HeldOut = heldOut;
    }

    /// <summary>The label it predicts (e.g. <c>group</c>).</summary>
    public string Attribute { get; }

    /// <summary>What it looks at.</summary>
    public FaceFeatures Features { get; }

    /// <summary>The fitted regression.</summary>
    public SoftmaxRegression Model { get; }

    /// <summary>The make-up of the training data.</summary>
    public TrainingMakeup TrainingMakeup { get; }

    /// <summary>Evaluation on held-out data drawn like the training data, when there was some.</summary>
    public HeldOutEvaluation? HeldOut { get; }

    /// <summary>Its classes.</summary>
    public IReadOnlyList<string> Classes => Model.Classes;

    /// <summary>
    /// Trains on a labelled population drawn from <paramref name="generator"/>, keeping the last
    /// <paramref name="heldOutFraction"/> of each group for evaluation (metrics per group, per-class calibration).
    /// </summary>
    /// <exception cref="UntrainableDataException">The data cannot give a classifier.</exception>
    public static FaceAttributeClassifier Train(
        IMorphableModel generator, FaceFeatures features, IReadOnlyList<PopulationMember> population, string attribute,
        SoftmaxRegressionOptions options, double heldOutFraction, int calibrationBins, string source)
    {
        var train = new List<PopulationMember>();
        var test = new List<PopulationMember>();
        foreach (var group in population.GroupBy(m => m.Group))
        {
            List<PopulationMember> members = [.. group];
            int heldOut = (int)Math.Round(members.Count * heldOutFraction);
            train.AddRange(members.Take(members.Count - heldOut));
            test.AddRange(members.Skip(members.Count - heldOut));
        }

        SoftmaxRegression model = SoftmaxRegression.Train(
            [.. train.Select(m => features.Compute(generator, m.Identity))], [.. train.Select(m => m.Group)], options);
        var makeup = new TrainingMakeup(attribute, train.GroupBy(m => m.Group).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), source);
        var classifier = new FaceAttributeClassifier(attribute, features, model, makeup, null);
        if (test.Count == 0)
        {
            return classifier;
        }

        double[][] x = [.. test.Select(m => features.Compute(generator, m.Identity))];
        string[] truth = [.. test.Select(m => m.Group)];
        return new FaceAttributeClassifier(attribute, features, model, makeup, classifier.Evaluate(x, truth, truth, calibrationBins));
    }

    /// <summary>Class probabilities of feature rows computed by <see cref="Features"/>, in <see cref="Classes"/> order.</summary>
    public double[][] Probabilities(IReadOnlyList<double[]> features) => Model.PredictProbabilities(features);

    /// <summary>Accuracy per group, equalized odds and per-class calibration on feature rows with known classes.</summary>
    public HeldOutEvaluation Evaluate(IReadOnlyList<double[]> features, IReadOnlyList<string> truth, IReadOnlyList<string> groups, int calibrationBins = 10) =>
        HeldOutEvaluation.Of(Model, features, truth, groups, calibrationBins);

    /// <summary>A copy with another regression (e.g. after fine-tuning); the held-out evaluation is dropped.</summary>
    public FaceAttributeClassifier WithModel(SoftmaxRegression model) => new(Attribute, Features, model, TrainingMakeup, null);
}
