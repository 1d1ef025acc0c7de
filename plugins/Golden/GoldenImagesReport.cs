using Facebench.Audit.Golden;
using Facebench.Contracts;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>Options of <c>golden.images</c>.</summary>
public sealed class GoldenImagesReportOptions
{
    [Option("The analysis whose stored output is shown (its name under analyses:).")]
    public string Analysis { get; set; } = "analysis.golden-images";
}

/// <summary>
/// The golden-set loop on images, rendered from the stored output of <c>analysis.golden-images</c>
/// (<see cref="GoldenImagesOutput"/>): the golden set and the biased probe, the MMD per step, one density strip per
/// round (golden embeddings blue, generated red, on the golden set's two principal axes) and the held-out metrics per
/// round (overall, per-group and worst-group accuracy, equalized-odds gap). Computes nothing.
/// </summary>
[Plugin("golden.images", PluginKind.Report, "1.0.0", "Golden-set loop on images (golden set, MMD, a density strip per round, per-round and per-group accuracy), rendered from the stored output of analysis.golden-images")]
public sealed class GoldenImagesReport : Plugin<GoldenImagesReportOptions>, IReportSection
{
    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        GoldenImagesOutput r = context.Analysis<GoldenImagesOutput>(Options.Analysis);
        var section = new ReportSection("Golden-set debiasing on images");
        if (r.Problem is not null)
        {
            return section.Paragraph(r.Problem);
        }

        GoldenSelection s = r.Selection!;
        string counts = string.Join(" + ", s.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
        string train = string.Join(" + ", r.TrainMakeup.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
        section.Paragraph($"Golden set over '{s.Attribute}': {s.Members.Count} of the run's renders, {counts}, target {Shares(s.Target)}. Biased probe: a softmax regression on the embeddings of {train} renders. Held out: {r.TestCount} renders. Generator: {r.Generator}. Every face, golden, training, test or generated, is embedded from this one capture, so all live in one feature space.");
        foreach (string note in s.Notes)
        {
            section.Paragraph(note);
        }

        DebiasingFigures.Mmd(section, r.Rounds, "golden_images");
        foreach ((int round, IReadOnlyDictionary<int, IReadOnlyList<double[]>> snapshots) in r.Strips.OrderBy(kv => kv.Key))
        {
            var frames = snapshots.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToList();
            DebiasingFigures.DensityStrip(section, $"density-strip-round{round}", r.GoldenPoints, frames, r.Rounds[round].Generation!.Mmd,
                $"Round {round}: kernel density (50% regions solid, 90% dashed) of golden (blue) vs generated (red) face embeddings on the golden set's first two principal axes ({Percent(r.ExplainedVariance, 0)} of its variance), at iterations {string.Join(", ", frames.Select(f => f.Key))}; dots are the generated renders.");
        }

        DebiasingFigures.Rounds(section, r.Rounds, r.TestCount, r.Sensitive, "golden_images");
        // The analysis's wall time stays in analyses/<name>.json ("seconds"), not in the report: a merged run recomputes
        // the analysis, and its report must equal the unsharded run's (./build.sh --target=slurm checks the body).
        return section;
    }
}
