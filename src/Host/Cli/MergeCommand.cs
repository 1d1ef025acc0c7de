using System.CommandLine;
using System.Text;
using Facebench.Contracts;
using Facebench.Host.Pipelines;
using Facebench.Host.Reporting;
using Facebench.Host.Running;

namespace Facebench.Host.Cli;

/// <summary>
/// <c>facebench merge</c>: joins the run folders of shards (or of any runs of the same pipeline) into one run
/// whose report equals an unsharded run's: results are de-duplicated by id and ordered by source index.
/// </summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Argument<string[]>("run-dirs") { Description = "The run folders to merge.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The merged run folder.", Required = true };
        var plugins = CommonOptions.Plugins();
        var command = new Command("merge", "Merge sharded runs into one run and report.") { runs, output, plugins };
        command.SetAction(result => Execute(result.GetValue(runs)!, result.GetValue(output)!, result.GetValue(plugins)));
        return command;
    }

    /// <summary>Merges; returns an exit code.</summary>
    public static int Execute(string[] runDirectories, string output, string[]? pluginFolders)
    {
        try
        {
            var folders = runDirectories.Select(Path.GetFullPath).ToList();
            var manifests = folders.Select(RunManifest.Load).ToList();
            var first = manifests[0];
            for (int i = 1; i < manifests.Count; i++)
            {
                if (manifests[i].PipelineHash != first.PipelineHash)
                {
                    throw new PluginInputException($"was made by a different pipeline (or different --set values) than {folders[0]}; only runs of one pipeline can be merged.", folders[i]);
                }
            }

            var merged = new SortedDictionary<long, Sample>();
            var byId = new Dictionary<string, Sample>(StringComparer.Ordinal);
            for (int i = 0; i < folders.Count; i++)
            {
                foreach (var sample in ResultsFile.Read(Path.Combine(folders[i], ResultsFile.FileName), out _))
                {
                    if (byId.TryGetValue(sample.Id, out var existing) && existing.Index != sample.Index)
                    {
                        throw new PluginInputException($"sample '{sample.Id}' has index {sample.Index} here but {existing.Index} in another run; the runs disagree on the source order.", folders[i]);
                    }

                    byId[sample.Id] = sample;
                    merged[sample.Index] = sample;
                }
            }

            string outDirectory = Path.GetFullPath(output);
            if (File.Exists(Path.Combine(outDirectory, ResultsFile.FileName)))
            {
                throw new PluginInputException("already holds results; choose an empty folder for the merged run.", outDirectory);
            }

            Directory.CreateDirectory(outDirectory);
            var lines = new StringBuilder();
            foreach (var sample in merged.Values)
            {
                lines.Append(ResultsFile.ToLine(sample)).Append('\n');
            }

            AtomicFile.WriteAllText(Path.Combine(outDirectory, ResultsFile.FileName), lines.ToString());
            var manifest = new RunManifest
            {
                Pipeline = first.Pipeline,
                RunId = Path.GetFileName(outDirectory.TrimEnd(Path.DirectorySeparatorChar)),
                PipelineFile = first.PipelineFile,
                PipelineHash = first.PipelineHash,
                ResolvedPipeline = first.ResolvedPipeline,
                Plugins = first.Plugins,
                GitCommit = first.GitCommit,
                Machine = first.Machine,
                Seed = first.Seed,
                Parallel = manifests.Sum(m => m.Parallel),
                StartedUtc = manifests.Min(m => m.StartedUtc),
                EndedUtc = manifests.Max(m => m.EndedUtc ?? m.StartedUtc),
                Status = manifests.All(m => m.Status is "completed" or "merged") ? "merged" : "merged-incomplete",
                Counts = new RunCounts(merged.Count, merged.Values.LongCount(s => !s.Failed), merged.Values.LongCount(s => s.Failed)),
                StageTotalsMs = manifests.SelectMany(m => m.StageTotalsMs).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value)),
                MergedFrom = folders,
            };
            manifest.Save(outDirectory);

            // Shards run no analyses (each holds only part of the samples); they run once here, on the merged results,
            // as an unsharded run would run them after its last sample.
            var catalog = CommonOptions.LoadCatalog(pluginFolders);
            var pipeline = ReportBuilder.PipelineFromManifest(manifest, catalog, outDirectory);
            var failedAnalyses = AnalysisPhase.Run(pipeline, outDirectory, manifest);
            var report = ReportBuilder.Build(outDirectory, pipeline, manifest);
            HostConsole.Info($"Merged {folders.Count} runs, {merged.Count} samples. Report: {Path.Combine(outDirectory, "report.html")}");
            foreach (var incomplete in manifests.Where(m => m.Status is not ("completed" or "merged")))
            {
                HostConsole.Warn($"run {incomplete.RunId} is {incomplete.Status}; the merged run lacks its unfinished samples.");
            }

            return report.Sections.Any(s => s.Error is not null) || manifest.Counts.Failed > 0 || failedAnalyses.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }
        catch (Exception e) when (e is PluginInputException or PipelineException or InvalidDataException)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
