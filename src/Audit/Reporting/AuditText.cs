using System.Globalization;
using Facebench.Audit.Models;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;

namespace Facebench.Audit.Reporting;

/// <summary>How the audit reports write numbers, intervals and model provenance (invariant culture throughout).</summary>
public static class AuditText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A number with <paramref name="digits"/> decimals, "n/a" when not finite.</summary>
    public static string F(double value, int digits = 3) => double.IsFinite(value) ? value.ToString("F" + digits.ToString(Invariant), Invariant) : "n/a";

    /// <summary>A share as a percentage.</summary>
    public static string Percent(double value, int digits = 1) => double.IsFinite(value) ? (100 * value).ToString("F" + digits.ToString(Invariant), Invariant) + "%" : "n/a";

    /// <summary>"[lo, hi]", or why there is no interval.</summary>
    public static string Ci(Interval ci, int digits = 3) =>
        ci.HasInterval ? $"[{F(ci.Lower, digits)}, {F(ci.Upper, digits)}]" : $"n/a: n={ci.Count} is below {Bootstrap.MinimumCount}, too few for a CI";

    /// <summary>A p-value, or why there is none.</summary>
    public static string P(double p) => double.IsNaN(p) ? "n/a (group too small)" : p < 0.001 ? "< 0.001" : F(p, 3);

    /// <summary>A model's training make-up, or that it does not disclose one.</summary>
    public static string Makeup(IMorphableModel model) =>
        model is IDisclosesTrainingMakeup d ? d.TrainingMakeup.ToString() : "not disclosed by the model";

    /// <summary>Short make-up, e.g. "A 80% / B 20%", or "undisclosed".</summary>
    public static string ShortMakeup(IMorphableModel model) =>
        model is IDisclosesTrainingMakeup d
            ? string.Join(" / ", d.TrainingMakeup.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {Percent(kv.Value / (double)Math.Max(1, d.TrainingMakeup.Total), 0)}"))
            : "undisclosed make-up";

    /// <summary>Shares of a distribution, e.g. "A 62.0% / B 38.0%".</summary>
    public static string Shares(IReadOnlyDictionary<string, double> distribution) =>
        string.Join(" / ", distribution.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {Percent(kv.Value)}"));
}
