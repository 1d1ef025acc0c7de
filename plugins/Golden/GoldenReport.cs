using System.Globalization;
using Facebench.Audit.Golden;
using Facebench.Audit.Reporting;
using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>Options of <c>golden.generate</c>.</summary>
public sealed class GoldenReportOptions
{
    [Option("The analysis whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.golden";
}

/// <summary>
/// The golden-set debiasing section, rendered from the stored output of <c>analysis.golden</c>
/// (<see cref="GoldenOutput"/>): the golden set, the MMD per optimisation step, the 2-D density strip of golden vs
/// generated features, and the held-out metrics per round. Computes nothing.
/// </summary>
[Plugin("golden.generate", PluginKind.Report, "2.0.0", "Golden-set debiasing section (golden set, MMD, density strip, per-round metrics), rendered from the stored output of analysis.golden")]
public sealed class GoldenReport : Plugin<GoldenReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        GoldenOutput r = context.Analysis<GoldenOutput>(Options.Analysis);
        var section = new ReportSection("Golden-set debiasing");
        if (r.Problem is not null)
        {
            return section.Paragraph(r.Problem);
        }

        AddGoldenSet(section, r);
        AddMmd(section, r);
        AddStrip(section, r);
        AddRounds(section, r);
        return section;
    }

    private static void AddGoldenSet(ReportSection section, GoldenOutput r)
    {
        GoldenSelection s = r.Selection!;
        section.Paragraph($"Golden set over '{s.Attribute}': {s.Members.Count} samples, {Counts(s)}, target {Shares(s.Target)}; {(s.Derived ? "derived from the run's samples by stratified resampling (no file given, or a target-distribution file)" : $"listed in {r.Origin}")}. Generator: latents of '{r.Generator}' ({r.GeneratorMakeup}); classifier: '{r.Classifier}', trained on {r.ClassifierMakeup}.");
        foreach (string note in s.Notes)
        {
            section.Paragraph(note);
        }

        section.Paragraph(r.GoldenCsvError is null
            ? "The golden set is written to golden-set.csv in the run folder: inspect it, edit it by hand, and pass it back as the 'golden' option."
            : $"golden-set.csv could not be written ({r.GoldenCsvError}); the members are listed below.");

        section.Table(new ReportTable("Golden samples (first 30)", ["id", s.Attribute, "repeat draw"],
            [.. s.Members.Take(30).Select(m => (IReadOnlyList<string>)[m.Id, m.Label, m.Duplicate ? "yes" : ""])]));
    }

    private static void AddMmd(ReportSection section, GoldenOutput r) => DebiasingFigures.Mmd(section, r.Rounds, "golden");

    private static void AddStrip(ReportSection section, GoldenOutput r)
    {
        var frames = r.Snapshots.OrderBy(kv => kv.Key).Select(kv => (kv.Key, (IReadOnlyList<double[]>)[.. kv.Value])).ToList();
        DebiasingFigures.DensityStrip(section, "density-strip", r.GoldenPoints, frames, r.Rounds[1].Generation!.Mmd,
            $"Kernel density (50% regions solid, 90% dashed) of golden vs generated features on the golden set's first two principal axes ({Percent(r.ExplainedVariance, 0)} of its variance), at iterations {string.Join(", ", frames.Select(f => f.Key))} of round 1; dots are the generated samples.");
    }

    private static void AddRounds(ReportSection section, GoldenOutput r) => DebiasingFigures.Rounds(section, r.Rounds, r.TestCount, r.Sensitive, "golden");

    private static string Counts(GoldenSelection s) => string.Join(" + ", s.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
}
