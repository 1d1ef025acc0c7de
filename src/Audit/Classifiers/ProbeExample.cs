namespace Facebench.Audit.Classifiers;

/// <summary>One labelled example for an <see cref="AttributeProbe"/>.</summary>
/// <param name="Id">The sample id (decides, by hash, whether the example is held out).</param>
/// <param name="Features">The feature vector (e.g. a face-recognition embedding).</param>
/// <param name="Label">The true value of the attribute.</param>
/// <param name="Group">The group the per-group metrics are over (often the label itself, or another attribute).</param>
public sealed record ProbeExample(string Id, double[] Features, string Label, string Group);
