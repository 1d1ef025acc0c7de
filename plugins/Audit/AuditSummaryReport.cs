using Facebench.Audit.Analyses;
using System.Text.Json;
using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>Options of <c>report.audit-summary</c>.</summary>
public sealed class AuditSummaryOptions
{
    [Option("The findings board the audit sections post to.")]
    public string Findings { get; set; } = "audit.findings";
}

/// <summary>
/// The audit's one-screen summary: list it first under <c>report:</c>. It states the findings of every audit section
/// of the pipeline (those registered on the <see cref="FindingsBoard"/>) and the findings stored with the run's
/// analyses (any stored output with a <c>findings</c> list), concerns first, each with its numbers.
/// </summary>
[Plugin("report.audit-summary", PluginKind.Report, "1.0.0", "One-screen summary of the bias audit's findings with numbers; list it first")]
public sealed class AuditSummaryReport : Plugin<AuditSummaryOptions>, IReportSection
{
    private FindingsBoard? _board;

    /// <inheritdoc />
    protected override void OnInitialize() => _board = Context.GetComponent<FindingsBoard>(Options.Findings);

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var section = new ReportSection("Summary of findings");
        var findings = new List<Finding>();
        var failures = new List<string>();
        foreach (IAuditAnalysis analysis in _board!.Analyses)
        {
            try
            {
                findings.AddRange(analysis.Findings(context));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One failing analysis must not hide the others; its own section reports the failure in full.
                failures.Add($"{analysis.GetType().Name}: {e.Message}");
            }
        }

        foreach (StoredAnalysis stored in context.Analyses.Values)
        {
            if (stored.Error is not null)
            {
                failures.Add($"{stored.Name} ({stored.Plugin}): {stored.Error}");
            }
            else if (stored.Output is { } output && output.TryGetProperty("findings", out var stated))
            {
                findings.AddRange(stated.Deserialize<List<Finding>>(FacebenchJson.Options) ?? []);
            }
        }

        section.Metric("findings", findings.Count).Metric("concerns", findings.Count(f => f.Concern));
        if (findings.Count == 0 && failures.Count == 0)
        {
            return section.Paragraph("No audit section posted findings: add report.bias after this section, or analysis.prior-audit or golden.generate under analyses:.");
        }

        section.Table(new ReportTable("Findings (⚠ = evidence of bias or of a limit of the audit)", ["", "area", "finding"],
            [.. findings.OrderByDescending(f => f.Concern).Select(f => (IReadOnlyList<string>)[f.Concern ? "⚠" : "", f.Area, f.Statement])]));
        foreach (string failure in failures)
        {
            section.Paragraph($"An analysis failed and is missing from this summary: {failure}");
        }

        return section;
    }
}
