using System.Globalization;
using Facebench.Contracts;
using Facebench.Plotting;
using Facebench.Plotting.Statistics;
using ScottPlot;

namespace Facebench.Plugins.Report.DatasetStats;

/// <summary>Options of <c>report.dataset-stats</c>.</summary>
public sealed class DatasetStatsOptions
{
    /// <summary>Which landmarks to describe.</summary>
    [Option("Landmark facet to describe: true_landmarks (ground truth) or landmarks (predicted).")]
    public string Landmarks { get; set; } = CoreFacets.TrueLandmarks.Name;

    /// <summary>Histogram bins.</summary>
    [Option("Number of bins of the inter-ocular distance histogram.")]
    public int Bins { get; set; } = 20;
}

/// <summary>
/// Describes a landmark dataset: how many faces in how many images, image sizes, the inter-ocular distance
/// (face scale in pixels) and the mean shape after removing position and scale.
/// </summary>
[Plugin("report.dataset-stats", PluginKind.Report, "1.0.0", "Sample count, image sizes, inter-ocular distance histogram, mean landmark shape")]
public sealed class DatasetStatsReport : Plugin<DatasetStatsOptions>, IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Index ranges of the iBUG 68-point outlines (Sagonas et al. 2016): jaw, brows, nose, eyes, mouth.</summary>
    private static readonly (int First, int Last, bool Closed)[] Ibug68Outlines =
        [(0, 16, false), (17, 21, false), (22, 26, false), (27, 30, false), (31, 35, false), (36, 41, true), (42, 47, true), (48, 59, true), (60, 67, true)];

    private FacetKey<Point2[]> _landmarks = CoreFacets.TrueLandmarks;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        _landmarks = Options.Landmarks switch
        {
            "true_landmarks" => CoreFacets.TrueLandmarks,
            "landmarks" => CoreFacets.Landmarks,
            _ => throw new PluginInputException($"landmarks must be 'true_landmarks' or 'landmarks', not '{Options.Landmarks}'."),
        };
        if (Options.Bins is < 1 or > 1000)
        {
            throw new PluginInputException($"bins must be between 1 and 1000, not {Options.Bins}.");
        }
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var samples = context.Samples;
        var shapes = samples.Where(s => s.Has(_landmarks)).Select(s => s.Get(_landmarks)).ToList();
        var sizes = samples.Where(s => s.Has(CoreFacets.ImageSize)).Select(s => s.Get(CoreFacets.ImageSize)).ToList();
        int images = samples.Select(s => s.ImagePath ?? s.Id).Distinct(StringComparer.Ordinal).Count();
        var iods = shapes.Select(InterOcularDistance.Of).Where(double.IsFinite).Order().ToList();

        var section = new ReportSection("Dataset statistics")
            .Metric("samples", samples.Count)
            .Metric("images", images)
            .Metric("annotated", shapes.Count);
        if (iods.Count > 0)
        {
            section.Metric("median_iod", Median(iods), "px");
        }

        section.Paragraph($"{samples.Count} samples from {images} images; {shapes.Count} carry '{_landmarks.Name}' landmarks"
            + (shapes.Count > 0 ? $" with {shapes.Max(s => s.Count(p => p.IsValid))} points at most." : "."));

        var sizeRows = sizes.GroupBy(s => s).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Width).ThenBy(g => g.Key.Height)
            .Select(g => (IReadOnlyList<string>)[$"{g.Key.Width} x {g.Key.Height}", g.Count().ToString(Invariant)])
            .ToList();
        section.Table(new ReportTable("Image sizes (samples per size)", ["size (px)", "samples"], sizeRows));

        if (iods.Count > 0)
        {
            section.Table(new ReportTable("Inter-ocular distance (outer eye corners), px", ["min", "median", "mean", "max"],
            [
                [F(iods[0]), F(Median(iods)), F(iods.Average()), F(iods[^1])],
            ]));
            section.Figure("iod-histogram", IodHistogram(iods), "Inter-ocular distance (outer eye corners, px): the scale of the faces.");
        }

        if (MeanShape(shapes) is { } mean)
        {
            section.Figure("mean-shape", MeanShapePlot(mean, shapes.Count), "Mean landmark shape after removing position and scale (units of inter-ocular distance).", FigureSize.Square);
        }

        return section;
    }

    private Plot IodHistogram(IReadOnlyList<double> iods)
    {
        Plot plot = HouseStyle.NewPlot();
        plot.Add.Histogram(HistogramBins.Compute(iods, binCount: Options.Bins));
        plot.Axes.Margins(bottom: 0);
        plot.Title("Inter-ocular distance");
        plot.XLabel("distance between outer eye corners (px)");
        plot.YLabel("faces");
        return plot;
    }

    private static Plot MeanShapePlot(Point2[] mean, int count)
    {
        Plot plot = HouseStyle.NewPlot();

        // With the 68-point iBUG layout the points are joined along the face's outlines, so the mean reads as a face.
        if (mean.Length == 68)
        {
            foreach ((int first, int last, bool closed) in Ibug68Outlines)
            {
                List<Point2> run = [.. mean[first..(last + 1)].Where(p => p.IsValid)];
                if (closed && run.Count > 0)
                {
                    run.Add(run[0]);
                }

                var outline = plot.Add.ScatterLine(run.Select(p => p.X).ToArray(), run.Select(p => p.Y).ToArray(), HouseStyle.Reference.WithOpacity(0.6));
                outline.LineWidth = 1;
            }
        }

        var valid = mean.Where(p => p.IsValid).ToList();
        var points = plot.Add.ScatterPoints(valid.Select(p => p.X).ToArray(), valid.Select(p => p.Y).ToArray());
        points.MarkerSize = 6;
        points.LegendText = $"mean of {count} shapes";
        plot.Axes.InvertY();
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title("Mean landmark shape");
        plot.XLabel("x / IOD");
        plot.YLabel("y / IOD");
        return plot;
    }

    /// <summary>
    /// Mean of the shapes after moving each to its centroid and dividing by its inter-ocular distance
    /// (a similarity normalisation without rotation, enough to show the average layout).
    /// </summary>
    private static Point2[]? MeanShape(IReadOnlyList<Point2[]> shapes)
    {
        int n = shapes.Count == 0 ? 0 : shapes.Max(s => s.Length);
        var sumX = new double[n];
        var sumY = new double[n];
        var counts = new int[n];
        foreach (var shape in shapes)
        {
            double iod = InterOcularDistance.Of(shape);
            var valid = shape.Where(p => p.IsValid).ToList();
            if (!double.IsFinite(iod) || iod <= 0 || valid.Count == 0)
            {
                continue;
            }

            double cx = valid.Average(p => p.X);
            double cy = valid.Average(p => p.Y);
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i].IsValid)
                {
                    sumX[i] += (shape[i].X - cx) / iod;
                    sumY[i] += (shape[i].Y - cy) / iod;
                    counts[i]++;
                }
            }
        }

        return counts.Any(c => c > 0)
            ? [.. Enumerable.Range(0, n).Select(i => counts[i] > 0 ? new Point2(sumX[i] / counts[i], sumY[i] / counts[i]) : Point2.Missing)]
            : null;
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string F(double value) => value.ToString("0.0", Invariant);
}
