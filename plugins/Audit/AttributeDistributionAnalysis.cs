using Facebench.Audit.Analyses;
using Facebench.Contracts;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>analysis.attribute-distribution</c>.</summary>
public sealed class AttributeDistributionOptions
{
    [Option("The attribute prediction whose distribution is measured (a head of classify.onnx or classify.probe).")]
    public string Head { get; set; } = "gender";

    [Option("Target distribution, value → share (normalised); empty: uniform over the values predicted.")]
    public Dictionary<string, double> Target { get; set; } = [];

    [Option("What the samples are, for the report (e.g. 'renders of the reference head's prior').")]
    public string Population { get; set; } = "the run's samples";

    [Option("Only samples whose labels have these values, label → value (e.g. { source: photos } for a list-form source's photos); empty: every sample.")]
    public Dictionary<string, string> Where { get; set; } = [];
}

/// <summary>The stored output of <c>analysis.attribute-distribution</c>.</summary>
/// <param name="Population">What the samples are.</param>
/// <param name="Head">The attribute prediction measured.</param>
/// <param name="Result">Predicted shares (hard), mean probabilities (soft), the target, TV and KL.</param>
/// <param name="Skipped">Samples without the prediction.</param>
/// <param name="Findings">The finding for the summary.</param>
public sealed record AttributeDistributionOutput(string Population, string Head, PriorAuditResult Result, int Skipped, IReadOnlyList<Finding> Findings);

/// <summary>
/// The distribution of a predicted attribute over a run's samples against a target: for renders of a 3DMM's prior
/// (<c>dataset.rendered</c>: shape, albedo and light drawn from the prior) read by an image classifier
/// (<c>classify.onnx</c> with SSR-Net), what the model's prior generates, as <see cref="PriorAudit"/> measures it on
/// geometry: shares of hard decisions, mean probabilities, total variation and KL divergence from the target.
/// <c>report.attribute-distribution</c> renders the stored output.
/// </summary>
[Plugin("analysis.attribute-distribution", PluginKind.Analysis, "1.0.0", "Distribution of a predicted attribute over the run's samples (e.g. renders of a prior) against a target: TV, KL")]
public sealed class AttributeDistributionAnalysis : Plugin<AttributeDistributionOptions>, IAnalysis
{
    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.Head.Length == 0 || Options.Target.Values.Any(v => !(v >= 0)) || (Options.Target.Count > 0 && Options.Target.Values.Sum() <= 0))
        {
            throw new PluginInputException("analysis.attribute-distribution: a head is required, and target shares must be non-negative and not all zero.");
        }
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        AttributeDistributionOptions o = Options;
        var predictions = new List<AttributePrediction>();
        int skipped = 0;
        foreach (Sample s in context.Succeeded.Where(s => o.Where.All(w => s.Labels.TryGetValue(w.Key, out var v) && v == w.Value)))
        {
            if (s.TryGet(FaceAttributeFacets.Attributes, out var attributes) && attributes.TryGetValue(o.Head, out var p))
            {
                predictions.Add(p);
            }
            else
            {
                skipped++;
            }
        }

        if (predictions.Count == 0)
        {
            string where = o.Where.Count == 0 ? "" : $" among those with {string.Join(", ", o.Where.Select(w => $"{w.Key} = {w.Value}"))}";
            throw new PluginInputException($"analysis.attribute-distribution: no sample{where} has a '{o.Head}' prediction ({skipped} samples looked at).");
        }

        PriorAuditResult result = PredictedDistribution.Of(o.Population, predictions, o.Target);
        var finding = new Finding("Prior on images",
            $"{o.Population}: '{o.Head}' is read as {Shares(result.Predicted)} against a target of {Shares(result.Target)}: total variation {F(result.TotalVariation)} (n = {result.Samples}).",
            result.TotalVariation >= 0.1);
        return new AttributeDistributionOutput(o.Population, o.Head, result, skipped, [finding]);
    }
}
