using Facebench.Audit.Classifiers;

namespace Facebench.Plugins.Audit;

/// <summary>
/// What a report says about an attribute classifier, stored with an analysis's output so that the report is
/// re-rendered without training the classifier again.
/// </summary>
/// <param name="Name">The classifier's component name in the pipeline.</param>
/// <param name="Attribute">The attribute it predicts.</param>
/// <param name="Classes">Its classes.</param>
/// <param name="FeatureDimension">How many features it reads.</param>
/// <param name="FeatureKind">What the features are (lower case).</param>
/// <param name="TrainingMakeup">Its training make-up, as one line.</param>
/// <param name="HeldOut">Its held-out evaluation, when it kept held-out data.</param>
public sealed record ClassifierDescription(
    string Name, string Attribute, IReadOnlyList<string> Classes, int FeatureDimension, string FeatureKind, string TrainingMakeup, HeldOutEvaluation? HeldOut)
{
    /// <summary>Describes a classifier.</summary>
    public static ClassifierDescription Of(string name, FaceAttributeClassifier classifier) =>
        new(name, classifier.Attribute, [.. classifier.Classes], classifier.Features.Dimension, classifier.Features.Kind.ToString().ToLowerInvariant(),
            classifier.TrainingMakeup.ToString(), classifier.HeldOut);
}
