using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The model-prior audit (<see cref="PriorAudit"/>): N faces from each model's prior are classified, and the
/// predicted attribute distribution is compared with the target by total variation and KL divergence. The stored
/// output (<see cref="PriorAuditOutput"/>) also describes the classifier (training make-up, held-out per-group
/// accuracy, per-class calibration), since the audit inherits its errors; <c>report.prior-audit</c> renders it.
/// Independent of the run's samples.
/// </summary>
[Plugin("analysis.prior-audit", PluginKind.Analysis, "1.0.0", "Model-prior audit: classify faces drawn from each model's prior, compare the predicted attribute distribution with a target (TV, KL)")]
public sealed class PriorAuditAnalysis : Plugin<PriorAuditOptions>, IAnalysis
{
    private const string Area = "Model prior";
    private readonly List<(string Label, IMorphableModel Model)> _models = [];
    private FaceAttributeClassifier? _classifier;
    private Dictionary<string, double> _target = [];

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        PriorAuditOptions o = Options;
        if (o.Models.Length == 0 || o.Samples < 10)
        {
            throw new PluginInputException("analysis.prior-audit: name at least one model and draw at least 10 samples.");
        }

        _classifier = Context.GetComponent<FaceAttributeClassifier>(o.Classifier);
        foreach (string label in o.Models)
        {
            IMorphableModel model = Context.GetComponent<IMorphableModel>(label);
            _classifier.Features.CheckCompatible(model);
            _models.Add((label, model));
        }

        _target = o.Target.Count > 0 ? new Dictionary<string, double>(o.Target, StringComparer.Ordinal) : _classifier.Classes.ToDictionary(c => c, _ => 1.0, StringComparer.Ordinal);
        string[] unknown = [.. _target.Keys.Where(k => !_classifier.Classes.Contains(k, StringComparer.Ordinal))];
        if (unknown.Length > 0)
        {
            throw new PluginInputException($"analysis.prior-audit: the target has {_classifier.Attribute} value(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} that classifier '{o.Classifier}' does not predict; its classes are {string.Join(", ", _classifier.Classes)}.");
        }

        if (_target.Values.Any(v => !(v >= 0)) || _target.Values.Sum() <= 0)
        {
            throw new PluginInputException("analysis.prior-audit: target shares must be non-negative and not all zero.");
        }
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        PriorAuditOptions o = Options;
        List<PriorAuditResult> results =
            [.. _models.Select(m => PriorAudit.Run(m.Label, m.Model, _classifier!, _target, o.Samples, Context.DeriveSeed($"prior-audit:{m.Label}")))];
        var makeups = _models.ToDictionary(m => m.Label, m => ShortMakeup(m.Model), StringComparer.Ordinal);
        var findings = results.Select(r => new Finding(Area,
            $"Faces from the prior of '{r.Model}' ({makeups[r.Model]}) are classified {Shares(r.Predicted)} against a target of {Shares(r.Target)}: total variation {F(r.TotalVariation)}, KL {PriorAuditReport.KlText(r.KullbackLeibler)} (n = {r.Samples}).",
            r.TotalVariation >= 0.1)).ToList();
        return new PriorAuditOutput(o.Samples, ClassifierDescription.Of(o.Classifier, _classifier!), makeups, results, findings);
    }
}
