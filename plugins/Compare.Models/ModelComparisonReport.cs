using System.Globalization;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plotting;
using Facebench.Plotting.Statistics;
using ScottPlot;

namespace Facebench.Plugins.Compare.Models;

/// <summary>Options of <c>report.model-comparison</c>.</summary>
public sealed class ModelComparisonReportOptions
{
    [Option("The compared model components, in the order of the table and plot.")]
    public string[] Models { get; set; } = [];
}

/// <summary>
/// The models side by side: for each, samples fitted and failed, landmark error against the true (noise-free)
/// landmarks — RMSE in pixels and NME, the mean point error over the inter-ocular distance (outer eye corners, iBUG
/// 36 and 45; Sagonas et al. 2016) — median and 90th percentile, median fit time, convergence rate, and the model's
/// size; box plots of the NME per model; and a note for every model that was skipped because its file is not configured.
/// </summary>
[Plugin("report.model-comparison", PluginKind.Report, "1.0.0", "Compares models side by side: landmark NME/RMSE, fit time, convergence; notes skipped models")]
public sealed class ModelComparisonReport : Plugin<ModelComparisonReportOptions>, IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private IReadOnlyList<(string Name, IMorphableModel Model)> _available = [];
    private IReadOnlyList<(string Name, string Reason)> _skipped = [];

    /// <inheritdoc />
    protected override void OnInitialize() =>
        (_available, _skipped) = ComparedModels.Resolve(Context, Options.Models, "report.model-comparison");

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var section = new ReportSection("Model comparison");
        var rows = new List<IReadOnlyList<string>>();
        var names = new List<string>();
        var distributions = new List<IEnumerable<double>>();
        foreach ((string name, IMorphableModel model) in _available)
        {
            List<Sample> samples = [.. context.Samples.Where(s => s.Labels.TryGetValue("model", out string? m) && m == name)];
            List<(double Nme, double Rmse, double Ms, bool Converged)> fits = [];
            foreach (Sample s in samples.Where(s => !s.Failed && s.Has(FittingFacets.LandmarkFit) && s.Has(CoreFacets.TrueLandmarks)))
            {
                LandmarkFitResult fit = s.Get(FittingFacets.LandmarkFit);
                (double nme, double rmse) = Errors(fit.FittedLandmarks, s.Get(CoreFacets.TrueLandmarks));
                if (double.IsFinite(nme))
                {
                    fits.Add((nme, rmse, fit.FitTimeMs, fit.Converged));
                }
            }

            double[] nmes = [.. fits.Select(f => f.Nme).Order()];
            double[] rmses = [.. fits.Select(f => f.Rmse).Order()];
            double[] times = [.. fits.Select(f => f.Ms).Order()];
            double median = Quantile(nmes, 0.5);
            rows.Add([
                name, model.Name, model.VertexCount.ToString(Invariant), $"{model.IdentityCount} + {model.ExpressionCount}", model is IArticulatedModel ? "yes" : "no",
                $"{fits.Count} / {samples.Count}", Percent(median), Percent(Quantile(nmes, 0.9)), Format(Quantile(rmses, 0.5), "F2"),
                Format(Quantile(times, 0.5), "F2"), fits.Count > 0 ? Percent(fits.Count(f => f.Converged) / (double)fits.Count) : "–",
            ]);
            if (fits.Count > 0)
            {
                names.Add(name);
                distributions.Add(nmes.Select(v => 100 * v));
                section.Metric($"nme_median.{name}", median);
                section.Metric($"fit_ms_median.{name}", Quantile(times, 0.5), "ms");
            }
        }

        section.Paragraph($"Each configured model generated the same synthetic population (same pose, noise and camera settings) and was fitted to it with the landmark fitter; errors are against the noise-free landmarks. {_available.Count} model(s) compared.");
        section.Table(new ReportTable("Models side by side", ["component", "model", "vertices", "identity + expression", "articulated", "fitted / samples", "median NME", "p90 NME", "median RMSE (px)", "median fit (ms)", "converged"], rows));
        if (names.Count > 0)
        {
            Plot plot = HouseStyle.NewPlot();
            plot.Add.TukeyBoxes(names, distributions);
            plot.Title("Landmark error by model");
            plot.XLabel("model component");
            plot.YLabel("NME (% of inter-ocular distance)");

            // A failed fit or two (NME of tens of %) would flatten every box into a line: the axis stops above the
            // whiskers and the caption counts what lies beyond.
            BoxStatistics[] boxes = [.. distributions.Select(BoxStatistics.Compute)];
            double reach = 2 * boxes.Max(b => b.WhiskerHigh);
            double[] beyond = [.. boxes.SelectMany(b => b.Outliers).Where(v => v > reach)];
            if (beyond.Length > 0)
            {
                double shown = boxes.SelectMany(b => b.Outliers.Append(b.WhiskerHigh)).Where(v => v <= reach).Max();
                plot.Axes.SetLimitsY(Math.Min(0, boxes.Min(b => b.WhiskerLow)), shown * 1.06);
            }

            string clipped = beyond.Length == 0 ? "" : $" {beyond.Length} fit(s) lie above the axis (largest {beyond.Max():0.#} %).";
            section.Figure("nme-by-model", plot, "NME per fitted sample, per model: box from the first to the third quartile with the median, whiskers to the last sample within 1.5 IQR, circles beyond." + clipped);
        }

        foreach ((string name, string reason) in _skipped)
        {
            section.Paragraph($"Skipped '{name}': {reason}.");
        }

        return section;
    }

    /// <summary>Mean point error over the inter-ocular distance (outer eye corners), and the RMS point error (px).</summary>
    private static (double Nme, double Rmse) Errors(Point2[] fitted, Point2[] truth)
    {
        if (truth.Length < 46 || !truth[36].IsValid || !truth[45].IsValid)
        {
            return (double.NaN, double.NaN);
        }

        double iod = Math.Sqrt(((truth[36].X - truth[45].X) * (truth[36].X - truth[45].X)) + ((truth[36].Y - truth[45].Y) * (truth[36].Y - truth[45].Y)));
        double sum = 0, sum2 = 0;
        int n = 0;
        for (int i = 0; i < Math.Min(fitted.Length, truth.Length); i++)
        {
            if (fitted[i].IsValid && truth[i].IsValid)
            {
                double d2 = ((fitted[i].X - truth[i].X) * (fitted[i].X - truth[i].X)) + ((fitted[i].Y - truth[i].Y) * (fitted[i].Y - truth[i].Y));
                sum += Math.Sqrt(d2);
                sum2 += d2;
                n++;
            }
        }

        return n == 0 || !(iod > 0) ? (double.NaN, double.NaN) : (sum / n / iod, Math.Sqrt(sum2 / n));
    }

    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];

    private static string Percent(double fraction) => double.IsFinite(fraction) ? (100 * fraction).ToString("F2", Invariant) + " %" : "–";

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, Invariant) : "–";
}
