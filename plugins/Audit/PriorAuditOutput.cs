using Facebench.Audit.Analyses;

namespace Facebench.Plugins.Audit;

/// <summary>The stored output of <c>analysis.prior-audit</c>, which <c>report.prior-audit</c> renders.</summary>
/// <param name="Samples">Faces drawn from each prior.</param>
/// <param name="Classifier">The classifier the faces were read with.</param>
/// <param name="Makeups">Each audited model's short training make-up, by its label.</param>
/// <param name="Results">The audit of each model's prior, in the order the options list them.</param>
/// <param name="Findings">The findings for the summary.</param>
public sealed record PriorAuditOutput(
    int Samples, ClassifierDescription Classifier, IReadOnlyDictionary<string, string> Makeups, IReadOnlyList<PriorAuditResult> Results, IReadOnlyList<Finding> Findings);
