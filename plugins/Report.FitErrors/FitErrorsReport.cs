using System.Globalization;
using System.Text.RegularExpressions;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;
using Facebench.Plotting;
using Facebench.Plotting.Statistics;
using ScottPlot;

namespace Facebench.Plugins.Report.FitErrors;

/// <summary>Options of <c>report.fit-errors</c>.</summary>
public sealed class FitErrorsOptions
{
    /// <summary>The fitted model.</summary>
    [Option("Model the samples were fitted with (for 3D error and mesh overlays); empty to skip 3D error.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    /// <summary>The model the ground truth came from.</summary>
    [Option("Model the synthetic ground truth was drawn from; empty means the fitted model.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string TruthModel { get; set; } = "";

    /// <summary>Label to break errors down by.</summary>
    [Option("Sample labels to break errors down by (each gets a table and a plot with bootstrap 95% CIs).")]
    public string[] GroupBy { get; set; } = ["group"];

    /// <summary>Yaw bin width.</summary>
    [Option("Width of the head-yaw bins, degrees.")]
    public double YawBin { get; set; } = 15;

    /// <summary>Overlay count.</summary>
    [Option("Number of samples drawn as overlays (observed vs fitted landmarks, fitted mesh).")]
    public int Overlays { get; set; } = 3;

    /// <summary>Bootstrap resamples.</summary>
    [Option("Bootstrap resamples for confidence intervals.")]
    public int Resamples { get; set; } = 2000;
}

/// <summary>
/// Accuracy of landmark fitting: 2D RMSE and NME (inter-ocular), 3D per-vertex error after rigid alignment (mm)
/// against the mean-shape baseline, coefficient error; CDF and histogram plots, error by yaw bin, per group with
/// bootstrap 95% CIs, fit-time histogram, and overlays of a few fits.
/// </summary>
[Plugin("report.fit-errors", PluginKind.Report, "1.0.0", "2D/3D fitting errors: CDF, by yaw, per group with bootstrap CIs, fit time, overlays")]
public sealed partial class FitErrorsReport : Plugin<FitErrorsOptions>, IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private IMorphableModel? _model;
    private IMorphableModel? _truth;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.YawBin <= 0 || Options.Overlays < 0 || Options.Resamples < 100)
        {
            throw new PluginInputException("yaw_bin must be > 0, overlays >= 0 and resamples >= 100.");
        }

        _model = Options.Model.Length > 0 ? Context.GetComponent<IMorphableModel>(Options.Model) : null;
        _truth = Options.TruthModel.Length > 0 ? Context.GetComponent<IMorphableModel>(Options.TruthModel) : _model;
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var measurements = context.Succeeded
            .Where(s => s.Has(FittingFacets.LandmarkFit))
            .Select(s => FitMeasurement.Of(s, s.Get(FittingFacets.LandmarkFit), _model, _truth))
            .ToList();
        var section = new ReportSection("Landmark fitting errors");
        int failed = context.Samples.Count(s => s.Failed);
        section.Metric("fitted", measurements.Count).Metric("failed", failed);
        if (measurements.Count == 0)
        {
            return section.Paragraph("No sample has a landmark fit: nothing to report.");
        }

        AddOverall(section, measurements);
        AddPlots(section, measurements);
        AddYawBreakdown(section, measurements);
        foreach (string label in Options.GroupBy)
        {
            AddGroupBreakdown(section, measurements, label);
        }

        AddOverlays(section, measurements);
        return section;
    }

    private void AddOverall(ReportSection section, List<FitMeasurement> m)
    {
        var metrics = new (string Name, string Label, string Unit, Func<FitMeasurement, double> Get)[]
        {
            ("rmse_observed_px", "2D RMSE vs observed", "px", x => x.RmseObservedPx),
            ("mean_error_observed_px", "2D mean distance to observed", "px", x => x.MeanErrorObservedPx),
            ("rmse_true_px", "2D RMSE vs true landmarks", "px", x => x.RmseTruePx),
            ("nme", "NME (inter-ocular)", "", x => x.Nme),
            ("vertex_error_mm", "3D vertex error", "mm", x => x.VertexErrorMm),
            ("mean_shape_error_mm", "3D error of the mean shape", "mm", x => x.MeanShapeErrorMm),
            ("coefficient_rms", "identity coefficient error", "σ", x => x.CoefficientRms),
            ("fit_time_ms", "fit time", "ms", x => x.Fit.FitTimeMs),
        };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (name, label, unit, get) in metrics)
        {
            var values = m.Select(get).Where(double.IsFinite).Order().ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var ci = Bootstrap.Mean(values, Context.DeriveSeed($"fit-errors:{name}"), Options.Resamples);
            section.Metric(name, values.Average(), unit);
            rows.Add([label, unit, F(values.Average()), CiText(ci), F(Bootstrap.Quantile(values, 0.5)), F(Bootstrap.Quantile(values, 0.9)), values.Count.ToString(Invariant)]);
        }

        var vertex = m.Where(x => double.IsFinite(x.VertexErrorMm) && double.IsFinite(x.MeanShapeErrorMm)).ToList();
        if (vertex.Count > 0)
        {
            double reduction = 1 - (vertex.Average(x => x.VertexErrorMm) / vertex.Average(x => x.MeanShapeErrorMm));
            section.Metric("vertex_error_reduction", reduction);
            section.Paragraph($"Fitting reduces the 3D vertex error by {reduction:P0} relative to the mean shape ({vertex.Average(x => x.VertexErrorMm):0.00} mm vs {vertex.Average(x => x.MeanShapeErrorMm):0.00} mm, rigidly aligned).");
        }

        section.Table(new ReportTable("Errors over all fitted samples (mean with bootstrap 95% CI, median, 90th percentile)", ["metric", "unit", "mean", "95% CI", "median", "p90", "n"], rows));
    }

    private static void AddPlots(ReportSection section, List<FitMeasurement> m)
    {
        var nme = m.Select(x => x.Nme).Where(double.IsFinite).ToList();
        if (nme.Count > 0)
        {
            Plot plot = HouseStyle.NewPlot();
            plot.Add.Ecdf(nme).LegendText = $"NME (n = {nme.Count})";
            plot.Axes.SetLimits(0, nme.Max() * 1.05, 0, 1.02);
            plot.ShowLegend(Alignment.LowerRight);
            plot.Title("Cumulative error distribution");
            plot.XLabel("NME (fraction of inter-ocular distance)");
            plot.YLabel("fraction of samples");
            section.Figure("nme-cdf", plot, "Cumulative distribution of the normalised landmark error.");
        }

        var vertex = m.Select(x => x.VertexErrorMm).Where(double.IsFinite).ToList();
        if (vertex.Count > 0)
        {
            // One set of bins for both series, so their bars line up and can be compared bin by bin.
            var baseline = m.Select(x => x.MeanShapeErrorMm).Where(double.IsFinite).ToList();
            double[] edges = HistogramBins.Compute([.. vertex, .. baseline], binCount: 30).Edges;
            Plot plot = HouseStyle.NewPlot();
            plot.Add.Histogram(HistogramBins.WithEdges(baseline, edges), HouseStyle.Reference.WithOpacity(0.45)).LegendText = $"mean shape (mean {baseline.DefaultIfEmpty(double.NaN).Average():0.00} mm)";
            plot.Add.Histogram(HistogramBins.WithEdges(vertex, edges), OkabeIto.Blue.WithOpacity(0.75)).LegendText = $"fitted (mean {vertex.Average():0.00} mm)";
            plot.Axes.Margins(bottom: 0, top: 0.15);
            plot.ShowLegend(Alignment.UpperRight);
            plot.Title("3D vertex error after rigid alignment");
            plot.XLabel("mean vertex error (mm)");
            plot.YLabel("samples");
            section.Figure("vertex-error-histogram", plot, "3D per-vertex error of the fitted shape and of the mean shape (the model's average face), on shared bins.");
        }

        var times = m.Select(x => x.Fit.FitTimeMs).Where(double.IsFinite).ToList();
        Plot timePlot = HouseStyle.NewPlot();
        timePlot.Add.Histogram(HistogramBins.Compute(times, binCount: 30));
        timePlot.Axes.Margins(bottom: 0);
        timePlot.Title("Fit time per sample");
        timePlot.XLabel("milliseconds");
        timePlot.YLabel("samples");
        section.Figure("fit-time", timePlot, "Wall time of each fit (initialisation, rigid and non-rigid L-BFGS).", new FigureSize(640, 360));
    }

    private void AddYawBreakdown(ReportSection section, List<FitMeasurement> m)
    {
        var bins = m.Where(x => double.IsFinite(x.Nme)).GroupBy(x => Math.Floor(x.YawDegrees / Options.YawBin)).OrderBy(g => g.Key).ToList();
        if (bins.Count == 0)
        {
            return;
        }

        var labels = new List<string>();
        var means = new List<double>();
        var errors = new List<double>();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var bin in bins)
        {
            double lo = bin.Key * Options.YawBin;
            string label = $"{lo:0}..{lo + Options.YawBin:0}°";
            var ci = Bootstrap.Mean([.. bin.Select(x => x.Nme)], Context.DeriveSeed($"yaw:{bin.Key}"), Options.Resamples);
            labels.Add(label);
            means.Add(ci.Estimate);
            errors.Add(ci.HasInterval ? (ci.Upper - ci.Lower) / 2 : 0);
            rows.Add([label, bin.Count().ToString(Invariant), F(ci.Estimate), CiText(ci), F(bin.Average(x => x.RmseObservedPx))]);
        }

        section.Table(new ReportTable("NME by head yaw", ["yaw", "n", "mean NME", "95% CI", "RMSE vs observed (px)"], rows));
        Plot plot = HouseStyle.NewPlot();
        plot.Add.CategoryBars(labels, means, errors);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Landmark error by head yaw");
        plot.XLabel("yaw bin");
        plot.YLabel("mean NME");
        section.Figure("nme-by-yaw", plot, "Mean NME per yaw bin with bootstrap 95% CIs (half-width as error bar).", FigureSize.Wide);
    }

    private void AddGroupBreakdown(ReportSection section, List<FitMeasurement> m, string label)
    {
        var groups = m.Where(x => x.Sample.Labels.ContainsKey(label)).GroupBy(x => x.Sample.Labels[label]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var rows = new List<IReadOnlyList<string>>();
        var names = new List<string>();
        var nmes = new double[groups.Count];
        var nmeErrors = new double[groups.Count];
        var vertexErrors = new double[groups.Count];
        var vertexHalfWidths = new double[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            var nme = groups[g].Select(x => x.Nme).Where(double.IsFinite).ToList();
            var vertex = groups[g].Select(x => x.VertexErrorMm).Where(double.IsFinite).ToList();
            var nmeCi = Bootstrap.Mean(nme, Context.DeriveSeed($"group:{label}:{groups[g].Key}:nme"), Options.Resamples);
            var vertexCi = Bootstrap.Mean(vertex, Context.DeriveSeed($"group:{label}:{groups[g].Key}:3d"), Options.Resamples);
            names.Add(groups[g].Key);
            nmes[g] = nmeCi.Estimate;
            nmeErrors[g] = nmeCi.HasInterval ? (nmeCi.Upper - nmeCi.Lower) / 2 : 0;
            vertexErrors[g] = vertexCi.Estimate;
            vertexHalfWidths[g] = vertexCi.HasInterval ? (vertexCi.Upper - vertexCi.Lower) / 2 : 0;
            rows.Add([groups[g].Key, groups[g].Count().ToString(Invariant), F(nmeCi.Estimate), CiText(nmeCi), F(vertexCi.Estimate), CiText(vertexCi)]);
            section.Metric($"nme.{label}.{groups[g].Key}", nmeCi.Estimate);
        }

        section.Table(new ReportTable($"Errors by {label} (bootstrap 95% CIs; groups under {Bootstrap.MinimumCount} samples get no interval)", [label, "n", "NME", "95% CI", "3D error (mm)", "95% CI"], rows));
        // NME and millimetres do not share an axis: one panel each, side by side.
        var panels = new List<Plot> { GroupPanel(names, nmes, nmeErrors, OkabeIto.Blue, $"NME by {label}", label, "mean NME") };
        if (vertexErrors.Any(double.IsFinite))
        {
            panels.Add(GroupPanel(names, vertexErrors, vertexHalfWidths, OkabeIto.Vermillion, $"3D vertex error by {label}", label, "mean error (mm)"));
        }

        section.Figure($"errors-by-{label}", panels, $"Mean NME{(panels.Count > 1 ? " and mean 3D vertex error" : "")} per {label}, with bootstrap 95% CIs (half-width as error bar).", new FigureSize(380 * panels.Count, 380));
    }

    private static Plot GroupPanel(IReadOnlyList<string> groups, double[] values, double[] errors, Color color, string title, string xLabel, string yLabel)
    {
        Plot plot = HouseStyle.NewPlot();
        plot.Add.CategoryBars(groups, values, errors, color);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private void AddOverlays(ReportSection section, List<FitMeasurement> m)
    {
        foreach (var x in m.Take(Options.Overlays))
        {
            var observed = x.Sample.TryGet(CoreFacets.Landmarks, out var o) ? o : [];
            var edges = _model is null ? [] : MeshOverlay.ProjectedEdges(_model, x.Fit);

            // The whole mesh in view when there is one (a small margin), else the landmarks with room around them.
            var extent = observed.Concat(x.Fit.FittedLandmarks).Concat(edges.SelectMany(e => new[] { e.A, e.B }));
            if (PhotoUnderlay.TryCreate(x.Sample, extent, margin: edges.Count > 0 ? 0.06 : 0.5, longerSide: 460) is not { } region)
            {
                continue;
            }

            byte[] overlay = FitOverlay.Draw(region, edges, observed, x.Fit.FittedLandmarks);

            // The SkiaSharp drawing sits under ScottPlot axes in image pixel coordinates (y down), with a legend below it.
            Plot plot = HouseStyle.NewPlot();
            plot.Add.ImageRect(new ScottPlot.Image(overlay), new CoordinateRect(region.Left, region.Right, region.Bottom, region.Top));
            plot.Axes.SetLimits(region.Left, region.Right, region.Bottom, region.Top);
            plot.Axes.SquareUnits();
            plot.Grid.IsVisible = false;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "observed", MarkerShape = MarkerShape.FilledCircle, MarkerSize = 8, MarkerFillColor = new Color(FitOverlay.Observed.Red, FitOverlay.Observed.Green, FitOverlay.Observed.Blue), MarkerLineColor = HouseStyle.Ink, MarkerLineWidth = 1 });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "fitted", MarkerShape = MarkerShape.OpenCircle, MarkerSize = 10, MarkerLineColor = new Color(FitOverlay.Fitted.Red, FitOverlay.Fitted.Green, FitOverlay.Fitted.Blue), MarkerLineWidth = 2 });
            if (edges.Count > 0)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = "fitted mesh", LineColor = HouseStyle.Reference, LineWidth = 1 });
            }

            plot.ShowLegend(Edge.Bottom);
            plot.Title($"{x.Sample.Id}: RMSE {x.RmseObservedPx:0.00} px, yaw {x.YawDegrees:0}°");
            plot.XLabel("x (image px)");
            plot.YLabel("y (image px)");
            string where = region.Crop is null ? "no photo: plain background" : "over the photo, cropped to the face";
            FigureImage figure = FigureRenderer.Render(plot, FigureSize.Square);
            if (region.Crop is not null)
            {
                // Skia's SVG canvas re-encodes every image as PNG, which for a photo is ~8× the JPEG drawn here: put the
                // JPEG back (same pixels, same size and place).
                figure = figure with { Svg = EmbeddedPng().Replace(figure.Svg, "data:image/jpeg;base64," + Convert.ToBase64String(overlay), 1) };
            }

            string what = edges.Count > 0 ? "observed and fitted landmarks and the fitted mesh" : "observed and fitted landmarks";
            section.Figure($"overlay-{x.Sample.Index}", figure, $"{x.Sample.Id}: {what} ({where}).");
        }
    }

    [GeneratedRegex("data:image/png;base64,[A-Za-z0-9+/=]+")]
    private static partial Regex EmbeddedPng();

    private static string CiText(Interval ci) => ci.HasInterval ? $"[{F(ci.Lower)}, {F(ci.Upper)}]" : $"n/a (n={ci.Count} < {Bootstrap.MinimumCount})";

    private static string F(double value) => double.IsFinite(value) ? value.ToString(Math.Abs(value) >= 100 ? "0.0" : "0.0000", Invariant) : "n/a";
}
