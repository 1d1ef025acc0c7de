using Facebench.Audit.Classifiers;
using Facebench.Classification;
using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>analysis.attribute-probe</c>.</summary>
public sealed class AttributeProbeOptions
{
    [Option("The label the probe predicts (e.g. gender, race, age).")]
    public string Attribute { get; set; } = "gender";

    [Option("The label the held-out per-group metrics are over; empty = the attribute itself.")]
    public string GroupBy { get; set; } = "";

    [Option("The feature facet the probe reads: a float vector a stage stored (embed.onnx's 'embedding').")]
    public string Feature { get; set; } = "embedding";

    [Option("Share of the labelled samples held out (by a stable hash of their ids) for the per-group metrics.")]
    public double HeldOut { get; set; } = 0.3;

    [Option("L2 penalty λ on the standardised weights.")]
    public double L2 { get; set; } = 0.01;

    [Option("Most L-BFGS iterations.")]
    public int Iterations { get; set; } = 300;

    [Option("Equal-width probability bins of the per-class reliability diagrams.")]
    public int CalibrationBins { get; set; } = 10;

    [Option("Where the probe is saved, relative to the run folder; classify.probe loads it.")]
    public string Save { get; set; } = "probes/probe.zip";
}

/// <summary>
/// Trains an <see cref="AttributeProbe"/> (ML.NET softmax regression) on a feature a stage stored for each labelled
/// sample of the run, typically a face-recognition embedding of labelled photos; holds out a share of the samples
/// for per-group accuracy, confusion and per-class calibration; saves the probe in the run folder for
/// <c>classify.probe</c>. <c>report.attribute-evaluation</c> renders the stored output.
/// </summary>
[Plugin("analysis.attribute-probe", PluginKind.Analysis, "1.0.0", "Trains and saves a softmax-regression probe of a label on a stored feature (e.g. an embedding); held-out per-group accuracy, confusion, calibration")]
public sealed class AttributeProbeAnalysis : Plugin<AttributeProbeOptions>, IAnalysis
{
    /// <inheritdoc />
    protected override void OnInitialize()
    {
        AttributeProbeOptions o = Options;
        if (!(o.HeldOut is > 0 and < 1) || o.Iterations < 1 || !(o.L2 >= 0) || o.CalibrationBins < 1 || o.Save.Length == 0 || Path.IsPathRooted(o.Save))
        {
            throw new PluginInputException("analysis.attribute-probe: held_out in (0, 1), iterations ≥ 1, l2 ≥ 0, calibration_bins ≥ 1 and a relative save path are required.");
        }
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        AttributeProbeOptions o = Options;
        string groupBy = o.GroupBy.Length > 0 ? o.GroupBy : o.Attribute;
        var feature = new FacetKey<float[]>(o.Feature);
        var examples = new List<ProbeExample>();
        int skipped = 0;
        foreach (Sample s in context.Succeeded)
        {
            if (s.TryGet(feature, out float[] x) && s.Labels.TryGetValue(o.Attribute, out string? label) && s.Labels.TryGetValue(groupBy, out string? group))
            {
                examples.Add(new ProbeExample(s.Id, [.. x.Select(v => (double)v)], label, group));
            }
            else
            {
                skipped++;
            }
        }

        if (examples.Count == 0)
        {
            throw new PluginInputException($"analysis.attribute-probe: no sample has both a '{o.Feature}' facet and the labels '{o.Attribute}' and '{groupBy}' ({skipped} samples looked at).");
        }

        AttributeProbe probe;
        try
        {
            probe = AttributeProbe.Train(examples, o.Attribute, o.Feature, new SoftmaxRegressionOptions { L2 = o.L2, MaxIterations = o.Iterations, Seed = Context.DeriveSeed("analysis.attribute-probe") },
                // Named by the pipeline, not the run id: a merge of shards trains the same probe as the unsharded run,
                // and its report must read the same.
                o.HeldOut, o.CalibrationBins, $"{examples.Count} labelled samples of a {context.PipelineName} run");
        }
        catch (UntrainableDataException e)
        {
            throw new PluginInputException($"analysis.attribute-probe cannot train a probe of '{o.Attribute}': {e.Message}", null, e);
        }

        ProbeEvaluation evaluation = probe.HeldOut
            ?? throw new PluginInputException($"analysis.attribute-probe: no sample fell in the held-out share {o.HeldOut} of {examples.Count}; use more samples or a larger held_out.");
        probe.Save(Path.Combine(context.RunDirectory, o.Save));
        string what = $"Probe of {o.Attribute} on '{o.Feature}' ({probe.Model.Dimension} values), trained on {probe.TrainingMakeup}";
        return new AttributeEvaluationOutput($"Probe: {o.Attribute} from {o.Feature}", what, o.Attribute, groupBy,
            $"{evaluation.Count} held-out samples (of {examples.Count} labelled)", evaluation, o.Save.Replace('\\', '/'), skipped,
            [AttributeEvaluationOutput.Finding("Attribute probe", $"Probe of {o.Attribute} on {o.Feature}, held out, per {groupBy}", evaluation)]);
    }
}
