using Facebench.Contracts;

namespace Facebench.Audit.Analyses;

/// <summary>One finding for the audit summary: a sentence with its numbers, and the analysis it came from.</summary>
/// <param name="Area">The analysis (e.g. "Fitting disparity").</param>
/// <param name="Statement">The finding, with numbers.</param>
/// <param name="Concern">True when it signals bias (shown first).</param>
public sealed record Finding(string Area, string Statement, bool Concern);

/// <summary>An analysis that contributes findings to the summary (see <see cref="FindingsBoard"/>).</summary>
public interface IAuditAnalysis
{
    /// <summary>Runs (or reuses) the analysis on a run's results and states its findings.</summary>
    IReadOnlyList<Finding> Findings(ReportContext context);
}
