using System.Runtime.CompilerServices;
using Facebench.Contracts;

namespace Facebench.Audit.Reporting;

/// <summary>
/// Computes an analysis once per <see cref="ReportContext"/>: the summary section asks for findings before the
/// section itself is built, and both must see the same numbers without doing the work twice.
/// </summary>
/// <typeparam name="T">The analysis result.</typeparam>
public sealed class AnalysisCache<T>(Func<ReportContext, T> compute) where T : class
{
    private readonly ConditionalWeakTable<ReportContext, T> _results = [];

    /// <summary>The result for this context, computed on first request.</summary>
    public T Get(ReportContext context) => _results.GetValue(context, c => compute(c));
}
