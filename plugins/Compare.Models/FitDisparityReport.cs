using System.Globalization;
using Facebench.Audit.Analyses;
using Facebench.Contracts;
using Facebench.Evaluation;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Compare.Models;

/// <summary>Options of <c>report.fit-disparity</c>.</summary>
public sealed class FitDisparityReportOptions
{
    [Option("The analysis.fit-disparity whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.fit-disparity";
}

/// <summary>
/// The fitting-disparity table of <c>analysis.fit-disparity</c> (issue 13, item 5), from its stored output: per model
/// and metric, each group's mean error with its 95% bootstrap CI, and the worst − best gap with its CI, ratio and
/// permutation p-value. Computes nothing.
/// </summary>
[Plugin("report.fit-disparity", PluginKind.Report, "1.0.0", "Per-group fitting errors of each model with CIs and permutation tests, from a stored analysis.fit-disparity")]
public sealed class FitDisparityReport : Plugin<FitDisparityReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        FitDisparityOutput r = context.Analysis<FitDisparityOutput>(Options.Analysis);
        var section = new ReportSection($"Fitting disparity by {r.GroupBy}");
        section.Paragraph($"Each model fitted by its landmarks, then by the pixels (fit.photometric); errors per '{r.GroupBy}' group: mean with its 95% percentile-bootstrap CI, "
            + "and the gap between the worst and the best group with its bootstrap CI, ratio and two-sided permutation test of equal means. NME is over the inter-ocular distance. "
            + (r.Unlabelled > 0 ? $"{r.Unlabelled} fitted sample(s) lack the label and are left out. " : "")
            + string.Concat(r.Skipped.Select(s => $"Skipped {s}. ")));
        var rows = new List<IReadOnlyList<string>>();
        foreach (FitDisparityModel m in r.Models)
        {
            foreach (FitDisparityMetric metric in m.Metrics)
            {
                GroupDisparity d = metric.Disparity;
                foreach (GroupError g in d.Groups)
                {
                    rows.Add([m.Component, metric.Metric, g.Group, g.Count.ToString(CultureInfo.InvariantCulture), F(g.Mean.Estimate, 4), Ci(g.Mean, 4), "", ""]);
                }

                if (d.Gap is { } gap)
                {
                    rows.Add([m.Component, metric.Metric, $"{gap.Worst} − {gap.Best}", "", F(gap.Gap.Estimate, 4), gap.Gap.HasInterval ? Ci(gap.Gap, 4) : $"n/a: a group has fewer than {Bootstrap.MinimumCount}", F(gap.Ratio, 2) + "×", P(gap.PValue)]);
                    if (metric == m.Metrics[0])
                    {
                        section.Metric($"gap.{m.Component}", gap.Gap.Estimate, metric.Unit);
                        // No p-value when a group is too small to permute: leave the metric out rather than store a NaN
                        // that summary.json, the nightly trends and the merge comparison would all have to special-case.
                        if (double.IsFinite(gap.PValue))
                        {
                            section.Metric($"gap_p.{m.Component}", gap.PValue);
                        }
                    }
                }
            }
        }

        section.Table(new ReportTable("Errors per group and worst − best gap", ["component", "metric", r.GroupBy, "n", "mean", "95% CI", "ratio", "p"], rows));
        return section;
    }
}
