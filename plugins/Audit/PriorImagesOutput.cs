using Facebench.Audit.Analyses;
using Facebench.Audit.Models;

namespace Facebench.Plugins.Audit;

/// <summary>What a classifier read in the renders of one model's prior.</summary>
/// <param name="Name">The population (the value of the population label).</param>
/// <param name="Model">The model the faces were drawn from (the samples' model id).</param>
/// <param name="Makeup">The model's disclosed training make-up, or null when it discloses none.</param>
/// <param name="Result">The distribution read, against the target.</param>
/// <param name="MakeupTotalVariation">TV between the distribution read and the make-up's shares, when the make-up is over the attribute read; else null.</param>
public sealed record PriorImagesPopulation(string Name, string Model, TrainingMakeup? Makeup, PriorAuditResult Result, double? MakeupTotalVariation);

/// <summary>The stored output of <c>analysis.prior-images</c>, which <c>report.prior-images</c> renders.</summary>
/// <param name="Attribute">The attribute read.</param>
/// <param name="Classifier">What read it, in words.</param>
/// <param name="Populations">One entry per population, in the order the run met them.</param>
/// <param name="Skipped">Samples of a population the classifier could not read (no prediction or feature).</param>
/// <param name="Findings">The findings for the summary.</param>
public sealed record PriorImagesOutput(string Attribute, string Classifier, IReadOnlyList<PriorImagesPopulation> Populations, int Skipped, IReadOnlyList<Finding> Findings);
