using Facebench.Audit.Analyses;

namespace Facebench.Plugins.Compare.Models;

/// <summary>One error metric of one model, per group, with the best–worst gap and its test.</summary>
/// <param name="Metric">Name of the metric.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Disparity">Per-group means with bootstrap CIs, gap, ratio and permutation p-value.</param>
public sealed record FitDisparityMetric(string Metric, string Unit, GroupDisparity Disparity);

/// <summary>The fitting disparity of one configured model.</summary>
/// <param name="Component">The model component's name in the pipeline.</param>
/// <param name="Model">The model's own name.</param>
/// <param name="Fitted">Samples with a photometric fit and the group label.</param>
/// <param name="Metrics">Each metric's disparity.</param>
public sealed record FitDisparityModel(string Component, string Model, int Fitted, IReadOnlyList<FitDisparityMetric> Metrics);

/// <summary>The stored output of <c>analysis.fit-disparity</c>, rendered by <c>report.fit-disparity</c>.</summary>
/// <param name="GroupBy">The label the groups are over.</param>
/// <param name="Samples">Samples of the run.</param>
/// <param name="Unlabelled">Fitted samples without the label, left out.</param>
/// <param name="Models">Per available model.</param>
/// <param name="Skipped">Models not configured, with the reason.</param>
public sealed record FitDisparityOutput(string GroupBy, int Samples, int Unlabelled, IReadOnlyList<FitDisparityModel> Models, IReadOnlyList<string> Skipped);
