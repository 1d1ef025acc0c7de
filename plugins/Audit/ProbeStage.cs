using System.Collections.Immutable;
using Facebench.Audit.Classifiers;
using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>classify.probe</c>.</summary>
public sealed class ProbeStageOptions
{
    [Option("A probe file saved by analysis.attribute-probe (probes/<attribute>.probe in its run folder).")]
    [ResolvePath]
    public required string Path { get; set; }

    [Option("Name of the prediction among the sample's attributes; empty = the probe's attribute.")]
    public string Head { get; set; } = "";
}

/// <summary>
/// Applies a saved <see cref="AttributeProbe"/> to each sample: reads the feature facet the probe was trained on
/// (e.g. <c>embedding</c> from <c>embed.onnx</c>) and adds the predicted attribute, with its class probabilities,
/// to the sample's attribute predictions (<see cref="FaceAttributeFacets.Attributes"/>).
/// </summary>
[Plugin("classify.probe", PluginKind.Stage, "1.0.0", "Applies a saved attribute probe (softmax regression on an embedding) to each sample")]
public sealed class ProbeStage : Plugin<ProbeStageOptions>, IStage
{
    private AttributeProbe? _probe;
    private FacetKey<float[]>? _feature;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        _probe = AttributeProbe.Load(Options.Path);
        _feature = new FacetKey<float[]>(_probe.Feature);
        Context.Info($"classify.probe: {_probe.Attribute} ({string.Join(", ", _probe.Model.Classes)}) from '{_probe.Feature}' ({_probe.Model.Dimension} values); trained on {_probe.TrainingMakeup}");
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        AttributeProbe probe = _probe!;
        if (!sample.TryGet(_feature!, out float[] feature))
        {
            throw new PluginInputException($"classify.probe: sample '{sample.Id}' has no '{probe.Feature}' facet; run the stage that computes it (e.g. embed.onnx) first.");
        }

        if (feature.Length != probe.Model.Dimension)
        {
            throw new PluginInputException($"classify.probe: sample '{sample.Id}' has {feature.Length} '{probe.Feature}' values; the probe {Options.Path} was trained on {probe.Model.Dimension}.");
        }

        AttributePrediction prediction = probe.Predict([.. feature.Select(v => (double)v)]);
        var attributes = sample.TryGet(FaceAttributeFacets.Attributes, out var existing)
            ? existing.ToImmutableSortedDictionary(StringComparer.Ordinal)
            : ImmutableSortedDictionary<string, AttributePrediction>.Empty.WithComparers(StringComparer.Ordinal);
        attributes = attributes.SetItem(Options.Head.Length > 0 ? Options.Head : probe.Attribute, prediction);
        return sample.With(FaceAttributeFacets.Attributes, (IReadOnlyDictionary<string, AttributePrediction>)attributes);
    }
}
