using Facebench.Contracts;

namespace Facebench.Audit.Analyses;

/// <summary>
/// Where audit report sections announce themselves so that a summary section listed before them can state their
/// findings: sections register at initialisation (every report plugin of a pipeline is initialised before any
/// section is built), and the summary asks each for its findings when it is built. Analyses cache their results per
/// <see cref="ReportContext"/>, so the work is done once. A registration is keyed by the analysis's plugin type and
/// options: an identical section initialised again (validation, then the run) replaces the earlier one.
/// Thread-safe.
/// </summary>
public sealed class FindingsBoard
{
    private readonly Lock _gate = new();
    private readonly List<(string Key, IAuditAnalysis Analysis)> _analyses = [];

    /// <summary>Registers (or replaces) an analysis.</summary>
    public void Register(string key, IAuditAnalysis analysis)
    {
        lock (_gate)
        {
            int existing = _analyses.FindIndex(a => a.Key == key);
            if (existing >= 0)
            {
                _analyses[existing] = (key, analysis);
            }
            else
            {
                _analyses.Add((key, analysis));
            }
        }
    }

    /// <summary>The registered analyses, in registration order.</summary>
    public IReadOnlyList<IAuditAnalysis> Analyses
    {
        get
        {
            lock (_gate)
            {
                return [.. _analyses.Select(a => a.Analysis)];
            }
        }
    }
}
