using Facebench.Audit.Analyses;
using Facebench.Audit.Reporting;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The fitting-disparity audit: for every fitted model, per-group 2D NME and 3D vertex error (from
/// <see cref="FitMeasurement"/>), the gap and ratio between the best and the worst group with bootstrap 95% CIs and a
/// permutation test, and, because every model fitted the same samples, paired per-group differences against a
/// baseline model with CIs and a sign-flip test. Each model's training make-up is printed beside its numbers.
/// </summary>
[Plugin("report.bias", PluginKind.Report, "1.0.0", "Fitting disparity across groups: per-group NME and 3D error, best-worst gap and ratio with bootstrap CIs and permutation tests, paired model comparison")]
public sealed class BiasReport : Plugin<BiasReportOptions>, IReportSection, IAuditAnalysis
{
    private const string Area = "Fitting disparity";
    private readonly List<(string Label, IMorphableModel Model, FacetKey<LandmarkFitResult> Facet)> _models = [];
    private IMorphableModel? _truth;
    private AnalysisCache<BiasAnalysis>? _cache;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        BiasReportOptions o = Options;
        if (o.Fits.Count == 0 || o.GroupBy.Length == 0 || o.Resamples < 100 || o.Permutations < 100)
        {
            throw new PluginInputException("report.bias: 'fits' and 'group_by' must not be empty; resamples and permutations must be at least 100.");
        }

        if (o.Baseline.Length > 0 && !o.Fits.ContainsKey(o.Baseline))
        {
            throw new PluginInputException($"report.bias: baseline '{o.Baseline}' is not a key of 'fits' ({string.Join(", ", o.Fits.Keys)}).");
        }

        foreach ((string model, string facet) in o.Fits)
        {
            _models.Add((model, Context.GetComponent<IMorphableModel>(model), facet == FittingFacets.LandmarkFit.Name ? FittingFacets.LandmarkFit : new FacetKey<LandmarkFitResult>(facet)));
        }

        _truth = o.TruthModel.Length > 0 ? Context.GetComponent<IMorphableModel>(o.TruthModel) : null;
        _cache = new AnalysisCache<BiasAnalysis>(Analyze);
        Context.GetComponent<FindingsBoard>(o.Findings).Register(BoardKey.Of(this, o), this);
    }

    /// <inheritdoc />
    public IReadOnlyList<Finding> Findings(ReportContext context) => _cache!.Get(context).Findings;

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        BiasAnalysis a = _cache!.Get(context);
        var section = new ReportSection("Fitting disparity across groups");
        section.Table(new ReportTable("Models audited and the make-up of the data they were built from", ["model", "name", "training make-up", "fitted samples"],
            [.. _models.Select(m => (IReadOnlyList<string>)[m.Label, m.Model.Name, Makeup(m.Model), a.Fitted[m.Label].ToString(System.Globalization.CultureInfo.InvariantCulture)])]));
        if (a.Fitted.Values.All(n => n == 0))
        {
            return section.Paragraph($"No sample has any of the fit facets ({string.Join(", ", Options.Fits.Values)}): nothing to audit. Put fit.landmarks stages with those 'facet' options before this report.");
        }

        foreach (string label in Options.GroupBy)
        {
            if (!a.ByLabel.TryGetValue(label, out LabelAnalysis? la))
            {
                section.Paragraph($"No fitted sample carries the label '{label}'.");
                continue;
            }

            foreach ((string metric, string unit, Dictionary<string, GroupDisparity> perModel) in la.Metrics)
            {
                AddDisparityTable(section, label, metric, unit, perModel);
                AddDisparityPlot(section, label, metric, unit, perModel);
                foreach ((string model, GroupDisparity d) in perModel)
                {
                    if (d.Gap is { } gap)
                    {
                        section.Metric($"gap.{Slug(metric)}.{label}.{model}", gap.Gap.Estimate, unit);
                    }
                }
            }

            AddPaired(section, label, la);
        }

        foreach (Finding f in a.Findings)
        {
            section.Paragraph(f.Statement);
        }

        return section;
    }

    private static void AddDisparityTable(ReportSection section, string label, string metric, string unit, Dictionary<string, GroupDisparity> perModel)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach ((string model, GroupDisparity d) in perModel)
        {
            foreach (GroupError g in d.Groups)
            {
                rows.Add([model, g.Group, g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), F(g.Mean.Estimate, 4), Ci(g.Mean, 4)]);
            }

            if (d.Gap is { } gap)
            {
                rows.Add([model, $"gap {gap.Worst} − {gap.Best}", "", F(gap.Gap.Estimate, 4), $"{Ci(gap.Gap, 4)}; ratio {F(gap.Ratio, 3)}×; p {P(gap.PValue)}"]);
            }
        }

        section.Table(new ReportTable($"{metric} ({unit}) by {label}: mean with bootstrap 95% CI; worst − best gap with CI, ratio and permutation p", ["model", label, "n", "mean", "95% CI"], rows));
    }

    private static void AddDisparityPlot(ReportSection section, string label, string metric, string unit, Dictionary<string, GroupDisparity> perModel)
    {
        string[] groups = [.. perModel.Values.SelectMany(d => d.Groups.Select(g => g.Group)).Distinct().Order(StringComparer.Ordinal)];
        string[] models = [.. perModel.Keys];
        var values = new double[groups.Length, models.Length];
        var errors = new double[groups.Length, models.Length];
        for (int m = 0; m < models.Length; m++)
        {
            foreach (GroupError g in perModel[models[m]].Groups)
            {
                int i = Array.IndexOf(groups, g.Group);
                values[i, m] = g.Mean.Estimate;
                errors[i, m] = g.Mean.HasInterval ? (g.Mean.Upper - g.Mean.Lower) / 2 : 0;
            }
        }

        Plot plot = HouseStyle.NewPlot();
        plot.Add.GroupedBars(groups, models, values, errors);
        plot.Axes.Margins(bottom: 0, top: 0.18); // headroom for the legend above the bars
        plot.ShowLegend(Alignment.UpperLeft, Orientation.Horizontal);
        plot.Title($"{metric} by {label}");
        plot.XLabel(label);
        plot.YLabel(unit == "mm" ? $"{metric} (mm)" : metric);
        section.Figure($"{Slug(metric)}-by-{label}", plot, $"Mean {metric} ({unit}) per {label} for each model, with bootstrap 95% CIs (half-width as error bar; none for groups under {Bootstrap.MinimumCount} samples).", FigureSize.Wide);
    }

    private void AddPaired(ReportSection section, string label, LabelAnalysis la)
    {
        if (la.Paired.Count == 0)
        {
            return;
        }

        var rows = new List<IReadOnlyList<string>>();
        var names = new List<string>();
        var values = new List<double>();
        var errors = new List<double>();
        foreach ((string model, string metric, List<PairedDifference> diffs) in la.Paired)
        {
            foreach (PairedDifference d in diffs)
            {
                rows.Add([$"{model} − {la.Baseline}", metric, d.Group, d.Difference.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), F(d.Difference.Estimate, 4), Ci(d.Difference, 4), P(d.PValue)]);
                if (metric == la.PrimaryMetric)
                {
                    names.Add($"{model}: {d.Group}");
                    values.Add(d.Difference.Estimate);
                    errors.Add(d.Difference.HasInterval ? (d.Difference.Upper - d.Difference.Lower) / 2 : 0);
                    string key = $"paired.{Slug(metric)}.{label}.{d.Group}.{model}";
                    section.Metric(key, d.Difference.Estimate).Metric($"{key}.ci_lower", d.Difference.Lower).Metric($"{key}.ci_upper", d.Difference.Upper);
                }
            }
        }

        section.Table(new ReportTable($"Paired differences on the same samples, by {label}: error under each model minus under '{la.Baseline}' (bootstrap 95% CI, sign-flip test)", ["models", "metric", label, "pairs", "mean difference", "95% CI", "p"], rows));
        Plot plot = HouseStyle.NewPlot();
        plot.Add.CategoryBars(names, values, errors);
        plot.Add.HorizontalLine(0, 1, HouseStyle.Reference);
        plot.Title($"{la.PrimaryMetric}: model minus '{la.Baseline}', per {label}");
        plot.XLabel($"model: {label}");
        string unit = la.Metrics[0].Unit == "mm" ? " (mm)" : "";
        plot.YLabel($"difference in {la.PrimaryMetric}{unit}");
        section.Figure($"paired-{label}", plot, $"Paired difference of {la.PrimaryMetric} against '{la.Baseline}' per {label}, with bootstrap 95% CIs: above zero = the model fits that {label} worse.", FigureSize.Wide);
    }

    private BiasAnalysis Analyze(ReportContext context)
    {
        // Measure every fit once: per model, sample id → measurement.
        var measured = new Dictionary<string, Dictionary<string, FitMeasurement>>(StringComparer.Ordinal);
        foreach ((string label, IMorphableModel model, FacetKey<LandmarkFitResult> facet) in _models)
        {
            measured[label] = context.Succeeded
                .Where(s => s.Has(facet))
                .ToDictionary(s => s.Id, s => FitMeasurement.Of(s, s.Get(facet), model, _truth), StringComparer.Ordinal);
        }

        string baseline = Options.Baseline.Length > 0 ? Options.Baseline : _models[0].Label;
        var byLabel = new Dictionary<string, LabelAnalysis>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        bool has3D = measured.Values.SelectMany(m => m.Values).Any(x => double.IsFinite(x.VertexErrorMm));
        var metrics = new List<(string Name, string Unit, Func<FitMeasurement, double> Get)> { ("NME", "fraction of inter-ocular distance", x => x.Nme) };
        if (has3D)
        {
            metrics.Insert(0, ("3D vertex error", "mm", x => x.VertexErrorMm));
        }

        int seed = Context.DeriveSeed("report.bias");
        foreach (string label in Options.GroupBy)
        {
            if (!measured.Values.SelectMany(m => m.Values).Any(x => x.Sample.Labels.ContainsKey(label)))
            {
                continue;
            }

            var la = new LabelAnalysis(baseline, metrics[0].Name);
            foreach ((string metric, string unit, Func<FitMeasurement, double> get) in metrics)
            {
                var perModel = new Dictionary<string, GroupDisparity>(StringComparer.Ordinal);
                foreach ((string model, Dictionary<string, FitMeasurement> m) in measured)
                {
                    Dictionary<string, List<double>> values = GroupValues(m.Values, label, get);
                    perModel[model] = GroupDisparityAnalysis.Analyze(values, seed, Options.Resamples, Options.Permutations);
                }

                la.Metrics.Add((metric, unit, perModel));
                foreach ((string model, Dictionary<string, FitMeasurement> m) in measured.Where(kv => kv.Key != baseline))
                {
                    var differences = new Dictionary<string, List<double>>(StringComparer.Ordinal);
                    foreach ((string id, FitMeasurement x) in m)
                    {
                        if (measured[baseline].TryGetValue(id, out FitMeasurement? b) && x.Sample.Labels.TryGetValue(label, out string? group) && double.IsFinite(get(x)) && double.IsFinite(get(b)))
                        {
                            (differences.TryGetValue(group, out List<double>? list) ? list : differences[group] = []).Add(get(x) - get(b));
                        }
                    }

                    la.Paired.Add((model, metric, PairedModelComparison.Compare(differences, seed + 77, Options.Resamples)));
                }
            }

            byLabel[label] = la;
            findings.AddRange(State(label, la, metrics[0].Unit));
        }

        return new BiasAnalysis(measured.ToDictionary(kv => kv.Key, kv => kv.Value.Count), byLabel, findings);
    }

    private List<Finding> State(string label, LabelAnalysis la, string unit)
    {
        var findings = new List<Finding>();
        (string metric, _, Dictionary<string, GroupDisparity> perModel) = la.Metrics[0];
        string u = unit == "mm" ? " mm" : "";
        foreach ((string model, string m, List<PairedDifference> diffs) in la.Paired.Where(p => p.Metric == metric))
        {
            IMorphableModel mm = _models.First(x => x.Label == model).Model, bm = _models.First(x => x.Label == la.Baseline).Model;
            foreach (PairedDifference d in diffs)
            {
                string verdict = d.SignificantlyLarger ? "larger" : d.Difference.HasInterval && d.Difference.Upper < 0 ? "smaller" : "not clearly different";
                findings.Add(new Finding(Area,
                    $"{label} {d.Group}: the {metric} under '{model}' ({ShortMakeup(mm)}) is {verdict} than under '{la.Baseline}' ({ShortMakeup(bm)}): {F(d.Difference.Estimate, 3)}{u} on the same {d.Difference.Count} samples (95% CI {Ci(d.Difference)}, p {P(d.PValue)}).",
                    d.SignificantlyLarger));
            }
        }

        string gaps = string.Join("; ", perModel.Where(kv => kv.Value.Gap is not null).Select(kv =>
            $"'{kv.Key}' {kv.Value.Gap!.Worst} − {kv.Value.Gap.Best} = {F(kv.Value.Gap.Gap.Estimate, 3)}{u} (ratio {F(kv.Value.Gap.Ratio, 2)}×, CI {Ci(kv.Value.Gap.Gap)}, p {P(kv.Value.Gap.PValue)})"));
        if (gaps.Length > 0)
        {
            findings.Add(new Finding(Area, $"Worst − best {label} gap in {metric}: {gaps}.", false));
        }

        foreach (GroupError small in perModel.Values.SelectMany(d => d.Groups).Where(g => !g.Mean.HasInterval).DistinctBy(g => g.Group))
        {
            findings.Add(new Finding(Area, $"{label} {small.Group} has only {small.Count} fitted samples: too few for a confidence interval or a test (at least {Bootstrap.MinimumCount} needed).", true));
        }

        return findings;
    }

    private static Dictionary<string, List<double>> GroupValues(IEnumerable<FitMeasurement> measurements, string label, Func<FitMeasurement, double> get)
    {
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (FitMeasurement x in measurements)
        {
            double v = get(x);
            if (x.Sample.Labels.TryGetValue(label, out string? group) && double.IsFinite(v))
            {
                (values.TryGetValue(group, out List<double>? list) ? list : values[group] = []).Add(v);
            }
        }

        return values;
    }

    private static string Slug(string text) => text.ToLowerInvariant().Replace(' ', '-');

    private sealed record BiasAnalysis(Dictionary<string, int> Fitted, Dictionary<string, LabelAnalysis> ByLabel, List<Finding> Findings);

    private sealed class LabelAnalysis(string baseline, string primaryMetric)
    {
        public string Baseline { get; } = baseline;

        public string PrimaryMetric { get; } = primaryMetric;

        public List<(string Metric, string Unit, Dictionary<string, GroupDisparity> PerModel)> Metrics { get; } = [];

        public List<(string Model, string Metric, List<PairedDifference> Differences)> Paired { get; } = [];
    }
}
