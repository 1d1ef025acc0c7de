using Facebench.Contracts;
using Facebench.Host.Catalog;
using Facebench.Host.Pipelines;
using Facebench.Host.Running;

namespace Facebench.Host.Reporting;

/// <summary>
/// Builds a run's report from its stored results alone (<c>results.jsonl</c> + <c>manifest.json</c>), so that
/// <c>run</c>, <c>report</c> and <c>merge</c> all produce the same report from the same samples.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Builds and writes the report of a run folder using the report plugins of its pipeline.</summary>
    /// <returns>The report, including any section that failed.</returns>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="sections">The report plugins, initialised.</param>
    /// <param name="manifest">The run's manifest.</param>
    /// <param name="analyses">The names of the pipeline's analyses, in order; their stored outputs are read, never recomputed.</param>
    public static RenderedReport Build(string runDirectory, IReadOnlyList<(string Label, IReportSection Section)> sections, RunManifest manifest, IReadOnlyList<string> analyses)
    {
        var samples = ResultsFile.Read(Path.Combine(runDirectory, ResultsFile.FileName), out _)
            .OrderBy(s => s.Index).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var context = new ReportContext(manifest.Pipeline, manifest.RunId, runDirectory, samples, AnalysisPhase.Load(runDirectory, analyses));
        var built = new List<BuiltSection>();
        foreach (var (label, section) in sections)
        {
            try
            {
                built.Add(new BuiltSection(label, section.Build(context), null));
            }
            catch (AnalysisNotStoredException e)
            {
                // Not a failure: the section's analysis runs later (at merge, or when a stopped run is resumed).
                built.Add(new BuiltSection(label, new ReportSection(label).Paragraph($"Not in this run yet: {e.Message}"), null));
            }
            catch (Exception e)
            {
                built.Add(new BuiltSection(label, null, $"{e.GetType().Name}: {e.Message}"));
            }
        }

        var report = new RenderedReport(manifest, samples, built);
        ReportWriter.Write(runDirectory, report);
        return report;
    }

    /// <summary>Re-creates a run's pipeline from the pipeline stored in its manifest (plugins bound, none initialised).</summary>
    public static LoadedPipeline PipelineFromManifest(RunManifest manifest, PluginCatalog catalog, string runDirectory)
    {
        var root = RunManifest.FromJson(manifest.ResolvedPipeline, Path.Combine(runDirectory, RunManifest.FileName));
        var definition = PipelineSchema.Read(root, manifest.PipelineFile);
        return LoadedPipeline.Load(definition, catalog, new RunSettings(runDirectory, manifest.Seed, IsValidationOnly: false));
    }

    /// <summary>Builds a run's report with a loaded pipeline's report plugins and its analyses' stored outputs.</summary>
    public static RenderedReport Build(string runDirectory, LoadedPipeline pipeline, RunManifest manifest) =>
        Build(runDirectory, pipeline.CreateReports(), manifest, AnalysisNames(pipeline));

    /// <summary>The names of a pipeline's analyses, in order.</summary>
    public static IReadOnlyList<string> AnalysisNames(LoadedPipeline pipeline) => [.. pipeline.Definition.Analyses.Select(a => a.Label)];
}
