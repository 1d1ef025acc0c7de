using Facebench.Audit.Analyses;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Compare.Models;

/// <summary>Options of <c>analysis.fit-disparity</c>.</summary>
public sealed class FitDisparityOptions
{
    [Option("The model components whose photometric fits are analysed; optional ones that are not configured are noted as skipped.")]
    public string[] Models { get; set; } = [];

    [Option("Facet of each model's photometric fit (fit.photometric's 'facet'); {model} stands for the component name.")]
    public string FitFacet { get; set; } = "photometric_fit.{model}";

    [Option("Facet of each model's landmark-only fit (fit.photometric's 'landmark_fit'); {model} stands for the component name.")]
    public string LandmarkFacet { get; set; } = "landmark_fit.{model}";

    [Option("Sample label the groups are over (e.g. a label of dataset.labelled-images); samples without it are left out.")]
    public string GroupBy { get; set; } = "group";

    [Option("Bootstrap resamples of each confidence interval.")]
    public int Resamples { get; set; } = 2000;

    [Option("Permutations of each test of equal group means.")]
    public int Permutations { get; set; } = 5000;
}

/// <summary>
/// Fitting disparity on images (issue 13, item 5): for every configured model fitted by <c>fit.photometric</c>, the
/// photometric error in the face mask, the landmark NME of the photometric fit and of its landmark-only start, and
/// the 3D landmark error where the images are renders with exact geometry, each measured as
/// <c>report.photometric-comparison</c> measures it (<see cref="PhotometricComparisonRow"/>), then per group:
/// mean with percentile-bootstrap CI, best–worst gap with its CI and a permutation test
/// (<see cref="GroupDisparityAnalysis"/>, the statistics of <c>report.bias</c>). <c>report.fit-disparity</c> renders it.
/// </summary>
[Plugin("analysis.fit-disparity", PluginKind.Analysis, "1.0.0", "Per-group photometric and landmark errors of each model's photometric fits, with bootstrap CIs and permutation tests")]
public sealed class FitDisparityAnalysis : Plugin<FitDisparityOptions>, IAnalysis
{
    private IReadOnlyList<(string Name, IMorphableModel Model)> _available = [];
    private IReadOnlyList<(string Name, string Reason)> _skipped = [];

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        FitDisparityOptions o = Options;
        if (!o.FitFacet.Contains("{model}", StringComparison.Ordinal) || !o.LandmarkFacet.Contains("{model}", StringComparison.Ordinal))
        {
            throw new PluginInputException("analysis.fit-disparity: 'fit_facet' and 'landmark_facet' must contain {model}, the component name");
        }

        if (o.Resamples < 100 || o.Permutations < 100 || string.IsNullOrWhiteSpace(o.GroupBy))
        {
            throw new PluginInputException("analysis.fit-disparity: 'group_by' must name a label, 'resamples' and 'permutations' must be ≥ 100");
        }

        (_available, _skipped) = ComparedModels.Resolve(Context, o.Models, "analysis.fit-disparity");
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        FitDisparityOptions o = Options;
        int seed = Context.DeriveSeed("analysis.fit-disparity");
        var models = new List<FitDisparityModel>();
        var unlabelled = new HashSet<string>(StringComparer.Ordinal); // a sample counts once, however many models fitted it
        foreach ((string name, IMorphableModel model) in _available)
        {
            (FacetKey<PhotometricFitResult> fitKey, _) = PhotometricFacets.Named(o.FitFacet.Replace("{model}", name, StringComparison.Ordinal));
            var startKey = new FacetKey<LandmarkFitResult>(o.LandmarkFacet.Replace("{model}", name, StringComparison.Ordinal));
            var rows = new List<PhotometricComparisonRow>();
            foreach (Sample s in context.Succeeded.Where(s => s.Has(fitKey)))
            {
                if (s.Labels.TryGetValue(o.GroupBy, out string? group))
                {
                    rows.Add(PhotometricComparisonRow.Of(s, name, model, group, s.Get(fitKey), s.TryGet(startKey, out LandmarkFitResult start) ? start : null));
                }
                else
                {
                    unlabelled.Add(s.Id);
                }
            }

            var metrics = new List<FitDisparityMetric>
            {
                Metric("photometric error", "grey levels", rows, r => r.Photometric, seed, o),
                Metric("NME", "fraction of inter-ocular distance", rows, r => r.Nme, seed, o),
                Metric("NME of the landmark-only start", "fraction of inter-ocular distance", rows, r => r.StartNme, seed, o),
            };
            if (rows.Any(r => double.IsFinite(r.Error3D)))
            {
                metrics.Add(Metric("3D landmark error", "truth's units", rows, r => r.Error3D, seed, o));
            }

            models.Add(new FitDisparityModel(name, model.Name, rows.Count, metrics));
        }

        return new FitDisparityOutput(o.GroupBy, context.Samples.Count, unlabelled.Count, models, [.. _skipped.Select(s => $"{s.Name}: {s.Reason}")]);
    }

    private static FitDisparityMetric Metric(string metric, string unit, List<PhotometricComparisonRow> rows, Func<PhotometricComparisonRow, double> get, int seed, FitDisparityOptions o)
    {
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (PhotometricComparisonRow r in rows.Where(r => double.IsFinite(get(r))))
        {
            (values.TryGetValue(r.Group, out List<double>? list) ? list : values[r.Group] = []).Add(get(r));
        }

        return new FitDisparityMetric(metric, unit, GroupDisparityAnalysis.Analyze(values, seed, o.Resamples, o.Permutations));
    }
}
