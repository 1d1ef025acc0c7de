using System.Globalization;
using Facebench.Contracts;
using Facebench.Evaluation;
using Facebench.Plotting;
using ScottPlot;

namespace Facebench.Plugins.Report.Landmarks;

/// <summary>Options of <c>report.landmark-errors</c>.</summary>
public sealed class LandmarkErrorsOptions
{
    /// <summary>Failure threshold.</summary>
    [Option("NME above which a face counts as a failure (300-W uses 0.08 of the outer-eye-corner distance).")]
    public double FailureThreshold { get; set; } = 0.08;
}

/// <summary>
/// Accuracy of the observed/detected landmarks (<c>landmarks</c>) against the annotation (<c>true_landmarks</c>):
/// NME normalised by the outer-eye-corner distance as in 300-W (Sagonas et al. 2016), the cumulative error
/// distribution (CED), its area under the curve up to the failure threshold and the failure rate.
/// </summary>
[Plugin("report.landmark-errors", PluginKind.Report, "1.0.0", "Detected vs annotated landmarks: NME (inter-ocular), CED curve, AUC and failure rate")]
public sealed class LandmarkErrorsReport : Plugin<LandmarkErrorsOptions>, IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (!(Options.FailureThreshold > 0))
        {
            throw new PluginInputException($"failure_threshold must be > 0, not {Options.FailureThreshold}.");
        }
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var rows = context.Succeeded
            .Where(s => s.Has(CoreFacets.Landmarks) && s.Has(CoreFacets.TrueLandmarks))
            .Select(s => (Sample: s, Nme: LandmarkError.Nme(s.Get(CoreFacets.Landmarks), s.Get(CoreFacets.TrueLandmarks)), Rmse: LandmarkError.Rmse(s.Get(CoreFacets.Landmarks), s.Get(CoreFacets.TrueLandmarks))))
            .Where(x => double.IsFinite(x.Nme))
            .ToList();
        var section = new ReportSection("Landmark accuracy").Metric("annotated_faces", rows.Count);
        if (rows.Count == 0)
        {
            return section.Paragraph("No sample has both detected and annotated 68-point landmarks.");
        }

        var nme = rows.Select(r => r.Nme).Order().ToList();
        double failure = nme.Count(v => v > Options.FailureThreshold) / (double)nme.Count;
        double auc = AreaUnderCed(nme, Options.FailureThreshold);
        section.Metric("nme", nme.Average()).Metric("failure_rate", failure).Metric($"auc_{Options.FailureThreshold.ToString("0.###", Invariant)}", auc);
        section.Paragraph($"Mean NME {nme.Average():P2} of the outer-eye-corner distance over {rows.Count} faces; {failure:P1} above {Options.FailureThreshold:0.###}; CED AUC {auc:0.000}.");
        section.Table(new ReportTable("Per face", ["sample", "NME", "RMSE (px)"],
            [.. rows.OrderByDescending(r => r.Nme).Take(50).Select(r => (IReadOnlyList<string>)[r.Sample.Id, r.Nme.ToString("P2", Invariant), r.Rmse.ToString("0.00", Invariant)])]));
        Plot plot = HouseStyle.NewPlot();
        plot.Add.Ecdf(nme).LegendText = $"detected landmarks (n = {nme.Count})";
        var threshold = plot.Add.VerticalLine(Options.FailureThreshold, 1.5f, HouseStyle.Reference, LinePattern.Dashed);
        threshold.LegendText = $"failure threshold {Options.FailureThreshold.ToString("0.###", Invariant)}";
        plot.Axes.SetLimits(0, Math.Max(nme[^1], Options.FailureThreshold) * 1.1, 0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title("Cumulative error distribution");
        plot.XLabel("NME (fraction of the outer-eye-corner distance)");
        plot.YLabel("fraction of faces");
        section.Figure("ced", plot, "Cumulative distribution of the landmark NME; the dashed line marks the failure threshold.");
        return section;
    }

    /// <summary>Area under the CED from 0 to the threshold, normalised to [0, 1] (the 300-W AUC).</summary>
    private static double AreaUnderCed(IReadOnlyList<double> sorted, double threshold)
    {
        double area = 0, previousX = 0, previousY = 0;
        for (int i = 0; i < sorted.Count && sorted[i] <= threshold; i++)
        {
            area += (sorted[i] - previousX) * previousY;
            previousX = sorted[i];
            previousY = (i + 1.0) / sorted.Count;
        }

        area += (threshold - previousX) * previousY;
        return area / threshold;
    }
}
