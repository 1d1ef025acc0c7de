using System.Globalization;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// The photometric comparison of 3DMMs (pipelines/compare-photometric.yaml): every configured model was fitted to
/// the same images by <c>fit.photometric</c>, each into its own facet. Per model, and per model and group: samples
/// fitted, photometric error in the face mask and landmark NME of the landmark-only start and of the photometric fit,
/// 3D landmark error where ground truth exists, identity cosine of render and photo where a recogniser was configured, and time per fit (<see cref="PhotometricComparisonRow"/>); figures of
/// a few samples, photo | render | render over photo | error map per model (<see cref="PhotometricComparisonFigures"/>);
/// and a note for every model that was skipped because its files are not configured.
/// </summary>
[Plugin("report.photometric-comparison", PluginKind.Report, "1.0.0", "Compares models fitted photometrically to the same images: photometric error, NME, 3D error, time; photo | render | error figures")]
public sealed class PhotometricComparisonReport : Plugin<PhotometricComparisonOptions>, IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private IReadOnlyList<(string Name, IMorphableModel Model)> _available = [];
    private IReadOnlyList<(string Name, string Reason)> _skipped = [];

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        PhotometricComparisonOptions o = Options;
        if (!o.FitFacet.Contains("{model}", StringComparison.Ordinal) || !o.LandmarkFacet.Contains("{model}", StringComparison.Ordinal))
        {
            throw new PluginInputException("report.photometric-comparison: 'fit_facet' and 'landmark_facet' must contain {model}, the component name, so that each model has its own facet");
        }

        if (o.Overlays < 0 || !(o.ErrorScale > 0) || string.IsNullOrWhiteSpace(o.GroupBy))
        {
            throw new PluginInputException("report.photometric-comparison: 'overlays' must be ≥ 0, 'error_scale' a positive number of grey levels and 'group_by' a label name");
        }

        (_available, _skipped) = ComparedModels.Resolve(Context, o.Models, "report.photometric-comparison");
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var section = new ReportSection("Photometric model comparison");
        var rows = new List<PhotometricComparisonRow>();
        var table = new List<IReadOnlyList<string>>();
        foreach ((string name, IMorphableModel model) in _available)
        {
            (FacetKey<PhotometricFitResult> fitKey, _) = PhotometricFacets.Named(Facet(Options.FitFacet, name));
            var startKey = new FacetKey<LandmarkFitResult>(Facet(Options.LandmarkFacet, name));
            List<PhotometricComparisonRow> mine = [];
            foreach (Sample s in context.Samples.Where(s => !s.Failed && s.Has(fitKey)))
            {
                string group = s.Labels.TryGetValue(Options.GroupBy, out string? g) ? g : "(none)";
                mine.Add(PhotometricComparisonRow.Of(s, name, model, group, s.Get(fitKey), s.TryGet(startKey, out LandmarkFitResult start) ? start : null));
            }

            rows.AddRange(mine);
            table.Add([name, model.Name, $"{mine.Count} / {context.Samples.Count}", .. Columns(mine)]);
            if (mine.Count > 0)
            {
                section.Metric($"photometric_error.{name}", Mean(mine, r => r.Photometric), "grey levels");
                section.Metric($"photometric_error_start.{name}", Mean(mine, r => r.StartPhotometric), "grey levels");
                section.Metric($"nme.{name}", Mean(mine, r => r.Nme));
                section.Metric($"nme_start.{name}", Mean(mine, r => r.StartNme));
                section.Metric($"fit_ms_median.{name}", Median(mine, r => r.PhotometricMs), "ms");
                if (mine.Any(r => double.IsFinite(r.Cosine)))
                {
                    section.Metric($"identity_cosine.{name}", Mean(mine, r => r.Cosine));
                    section.Metric($"identity_cosine_start.{name}", Mean(mine, r => r.StartCosine));
                }
                if (mine.Any(r => double.IsFinite(r.Error3D)))
                {
                    section.Metric($"landmark_3d_error.{name}", Mean(mine, r => r.Error3D));
                    section.Metric($"landmark_3d_error_start.{name}", Mean(mine, r => r.Start3D));
                }
            }
        }

        int failed = context.Samples.Count(s => s.Failed);
        section.Paragraph($"Each configured model was fitted to the same {context.Samples.Count} image(s): first to the landmarks (the start), then to the pixels (fit.photometric: masked photometric loss, landmark term and priors). "
            + "Photometric error: mean absolute RGB difference between render and photo inside the face mask, grey levels (0–255). NME: mean landmark distance over the inter-ocular distance, against the true landmarks where the image has them (synthetic renders, annotated photos), else against the observed ones. "
            + "3D error: mean distance of the 68 landmarks after the best similarity transform onto the true ones, in the truth's units (mm for the reference head), only where the image is a render with exact geometry. "
            + "Identity cosine: a face-recognition network's embeddings (ArcFace 5-point alignment by the observed landmarks) of the render composited over the photo and of the photo; 1 = the same identity to the network. "
            + (rows.Any(r => double.IsFinite(r.Cosine)) ? "" : "It reads n/a: no recogniser is configured (fit.photometric's 'recogniser', e.g. faceplugin's fr_feature.onnx from ./build.sh --target=assets). ")
            + "Each cell reads landmark-only → photometric."
            + (failed > 0 ? $" {failed} sample(s) failed (their errors are in the run's errors table) and count for no model." : ""));
        section.Table(new ReportTable("Models side by side (mean over the fitted samples; times are medians)", Header("component", "model", "fitted / samples"), table));

        var groups = rows.GroupBy(r => (r.Model, r.Group)).OrderBy(g => _available.ToList().FindIndex(a => a.Name == g.Key.Model)).ThenBy(g => g.Key.Group, StringComparer.Ordinal).ToList();
        if (groups.Select(g => g.Key.Group).Distinct().Count() > 1)
        {
            section.Table(new ReportTable($"By {Options.GroupBy}", Header("component", Options.GroupBy, "n"),
                [.. groups.Select(g => (IReadOnlyList<string>)[g.Key.Model, g.Key.Group, g.Count().ToString(Invariant), .. Columns([.. g])])]));
        }

        var perPhoto = rows.Where(r => !r.Sample.Has(MorphableFacets.TrueLandmarks3D)).ToList();
        if (perPhoto.Count > 0)
        {
            section.Table(new ReportTable("Per photo: landmark-only → photometric fit", ["photo", "component", "photometric error", "NME", "identity cosine", "fit (ms)"],
                [.. perPhoto.OrderBy(r => r.Sample.Index).Select(r => (IReadOnlyList<string>)[r.Sample.Id, r.Model, Pair(r.StartPhotometric, r.Photometric, "F2"), Pair(100 * r.StartNme, 100 * r.Nme, "F2", " %"), Pair(r.StartCosine, r.Cosine, "F3"), F(r.PhotometricMs, "F0")])]));
        }

        PhotometricComparisonFigures.Add(section, context.Samples, [.. _available.Select(a => a.Name)], name => (PhotometricFacets.Named(Facet(Options.FitFacet, name)).Fit, PhotometricFacets.Preview(Facet(Options.FitFacet, name))), Options.Overlays, Options.ErrorScale);
        foreach ((string name, string reason) in _skipped)
        {
            section.Paragraph($"Skipped '{name}': {reason}.");
        }

        foreach ((string name, _) in _available.Where(a => !rows.Any(r => r.Model == a.Name)))
        {
            section.Paragraph($"'{name}' has no photometric fit: its texture is not configured or every fit failed (see the run log and the errors table).");
        }

        return section;
    }

    private static string Facet(string pattern, string model) => pattern.Replace("{model}", model, StringComparison.Ordinal);

    private static string[] Header(params string[] first) =>
        [.. first, "photometric error (grey levels)", "NME", "3D landmark error", "identity cosine", "photometric fit (ms)", "landmark fit (ms)"];

    private static string[] Columns(IReadOnlyList<PhotometricComparisonRow> rows) =>
    [
        Pair(Mean(rows, r => r.StartPhotometric), Mean(rows, r => r.Photometric), "F2"),
        Pair(100 * Mean(rows, r => r.StartNme), 100 * Mean(rows, r => r.Nme), "F2", " %"),
        Pair(Mean(rows, r => r.Start3D), Mean(rows, r => r.Error3D), "F2"),
        Pair(Mean(rows, r => r.StartCosine), Mean(rows, r => r.Cosine), "F3"),
        F(Median(rows, r => r.PhotometricMs), "F0"),
        F(Median(rows, r => r.LandmarkMs), "F1"),
    ];

    private static double Mean(IEnumerable<PhotometricComparisonRow> rows, Func<PhotometricComparisonRow, double> get)
    {
        double[] values = [.. rows.Select(get).Where(double.IsFinite)];
        return values.Length == 0 ? double.NaN : values.Average();
    }

    private static double Median(IEnumerable<PhotometricComparisonRow> rows, Func<PhotometricComparisonRow, double> get)
    {
        double[] values = [.. rows.Select(get).Where(double.IsFinite).Order()];
        return values.Length == 0 ? double.NaN : values[(values.Length - 1) / 2];
    }

    private static string Pair(double before, double after, string format, string unit = "") =>
        double.IsFinite(after) ? (double.IsFinite(before) ? $"{before.ToString(format, Invariant)} → {after.ToString(format, Invariant)}{unit}" : after.ToString(format, Invariant) + unit) : "n/a";

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, Invariant) : "n/a";
}
