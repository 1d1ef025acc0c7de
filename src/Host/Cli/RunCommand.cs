using System.CommandLine;
using System.Globalization;
using Facebench.Contracts;
using Facebench.Host.Catalog;
using Facebench.Host.Pipelines;
using Facebench.Host.Reporting;
using Facebench.Host.Running;

namespace Facebench.Host.Cli;

/// <summary><c>facebench run</c>: runs a pipeline into a run folder and writes its report.</summary>
public static class RunCommand
{
    /// <summary>What to run and how.</summary>
    public sealed record Request(string Pipeline, string? Out, string[] Set, long? Limit, string? Shard, bool Resume, int? Parallel, string[]? PluginFolders);

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline YAML file." };
        var output = new Option<string>("--out") { Description = "Run folder (default: reports/<pipeline name>/<UTC time>; with --resume, the latest unfinished run)." };
        var set = CommonOptions.Set();
        var limit = new Option<long?>("--limit") { Description = "Only the first N samples of the source." };
        var shard = new Option<string>("--shard") { Description = "Run shard i of N (i/N, 1-based), stable by sample id; merge shards with 'facebench merge'." };
        var resume = new Option<bool>("--resume") { Description = "Continue a run folder, skipping samples already in its results." };
        var parallel = new Option<int?>("--parallel") { Description = "Worker count (default: the pipeline's 'parallel', else the number of cores)." };
        var plugins = CommonOptions.Plugins();
        var command = new Command("run", "Run a pipeline and write results and a report.") { pipeline, output, set, limit, shard, resume, parallel, plugins };
        command.SetAction((result, token) => ExecuteAsync(
            new Request(result.GetValue(pipeline)!, result.GetValue(output), result.GetValue(set) ?? [], result.GetValue(limit), result.GetValue(shard), result.GetValue(resume), result.GetValue(parallel), result.GetValue(plugins)),
            token));
        return command;
    }

    /// <summary>Runs a pipeline; returns an exit code from <see cref="ExitCodes"/>.</summary>
    public static async Task<int> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        Shard shard = Running.Shard.All;
        if (request.Shard is not null && !Running.Shard.TryParse(request.Shard, out shard, out string shardError))
        {
            HostConsole.Error(shardError);
            return ExitCodes.InvalidInput;
        }

        if (request.Limit is < 0 || request.Parallel is < 1)
        {
            HostConsole.Error("--limit must be >= 0 and --parallel >= 1.");
            return ExitCodes.InvalidInput;
        }

        var catalog = CommonOptions.LoadCatalog(request.PluginFolders);
        PipelineDefinition definition;
        LoadedPipeline pipeline;
        string runDirectory;
        try
        {
            definition = PipelineLoader.Load(request.Pipeline, request.Set);
            runDirectory = ChooseRunDirectory(definition, request);
            pipeline = LoadedPipeline.Load(definition, catalog, new RunSettings(runDirectory, definition.Seed, IsValidationOnly: false));
            pipeline.InitialiseAll(); // every check before anything is written
        }
        catch (PipelineException e)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }

        var resolved = RunManifest.ToJson(definition.Root);
        RunManifest manifest;
        try
        {
            manifest = StartManifest(definition, pipeline, resolved, runDirectory, request, shard);
        }
        catch (PluginInputException e)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }

        int workers = request.Parallel ?? definition.Parallel ?? Environment.ProcessorCount;
        manifest.Parallel = workers;
        manifest.Save(runDirectory);
        HostConsole.Info($"Running {definition.Name} into {runDirectory} ({workers} worker{(workers == 1 ? "" : "s")}{(shard.IsSplit ? $", shard {shard}" : "")}).");

        RunOutcome outcome;
        try
        {
            var runner = new PipelineRunner(pipeline, new RunOptions(runDirectory, shard, request.Limit, request.Resume, workers));
            outcome = await runner.RunAsync(manifest, cancellationToken);
        }
        catch (Exception e) when (e is PipelineException or PluginInputException or InvalidDataException)
        {
            manifest.Status = "failed";
            manifest.EndedUtc = DateTimeOffset.UtcNow;
            manifest.Save(runDirectory);
            HostConsole.Error(e.Message);
            HostConsole.Error($"results written so far are kept in {runDirectory}.");
            return ExitCodes.InvalidInput;
        }

        manifest.Status = outcome.Cancelled ? "cancelled" : "completed";
        manifest.EndedUtc = DateTimeOffset.UtcNow;
        manifest.Save(runDirectory);

        // The analyses need every sample: a shard leaves them to 'facebench merge', a stopped run to its --resume.
        IReadOnlyList<string> failedAnalyses = [];
        if (shard.IsSplit || outcome.Cancelled)
        {
            if (pipeline.Definition.Analyses.Count > 0)
            {
                HostConsole.Info($"Analyses ({string.Join(", ", ReportBuilder.AnalysisNames(pipeline))}) not run: {(outcome.Cancelled ? "the run stopped early" : "a shard holds part of the samples; 'facebench merge' runs them")}.");
            }
        }
        else
        {
            failedAnalyses = AnalysisPhase.Run(pipeline, runDirectory, manifest);
        }

        var report = ReportBuilder.Build(runDirectory, pipeline, manifest);
        foreach (var failedSection in report.Sections.Where(s => s.Error is not null))
        {
            HostConsole.Error($"report section '{failedSection.Label}' failed: {failedSection.Error}");
        }

        HostConsole.Info($"{outcome.Counts.Total} samples, {outcome.Counts.Failed} failed. Report: {Path.Combine(runDirectory, "report.html")}");
        if (outcome.Cancelled)
        {
            HostConsole.Info($"Stopped before the end. Continue with: facebench run {request.Pipeline} --out {runDirectory} --resume");
            return ExitCodes.Cancelled;
        }

        return outcome.Counts.Failed > 0 || failedAnalyses.Count > 0 || report.Sections.Any(s => s.Error is not null) ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    private static string ChooseRunDirectory(PipelineDefinition definition, Request request)
    {
        if (request.Out is not null)
        {
            return Path.GetFullPath(request.Out);
        }

        string pipelineReports = Path.Combine(ReportsRoot(), definition.Name);
        if (request.Resume)
        {
            var latest = Directory.Exists(pipelineReports)
                ? Directory.GetDirectories(pipelineReports).Order(StringComparer.Ordinal).LastOrDefault(d => File.Exists(Path.Combine(d, RunManifest.FileName)))
                : null;
            return latest ?? throw new PipelineException(new SourceMark(pipelineReports, 0, 0), "--resume: no earlier run of this pipeline here; pass --out <run folder>.");
        }

        string id = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string candidate = Path.Combine(pipelineReports, id);
        for (int n = 2; Directory.Exists(candidate); n++)
        {
            candidate = Path.Combine(pipelineReports, $"{id}-{n}");
        }

        return candidate;
    }

    /// <summary>The folder runs go to: <c>FACEBENCH_REPORTS</c>, else <c>reports/</c> in the working directory.</summary>
    public static string ReportsRoot() =>
        Environment.GetEnvironmentVariable("FACEBENCH_REPORTS") is { Length: > 0 } root ? Path.GetFullPath(root) : Path.GetFullPath("reports");

    private static RunManifest StartManifest(PipelineDefinition definition, LoadedPipeline pipeline, System.Text.Json.Nodes.JsonNode resolved, string runDirectory, Request request, Shard shard)
    {
        string hash = RunManifest.Hash(resolved);
        if (request.Resume && File.Exists(Path.Combine(runDirectory, RunManifest.FileName)))
        {
            var previous = RunManifest.Load(runDirectory);
            if (previous.PipelineHash != hash || previous.Shard != (shard.IsSplit ? shard.ToString() : null) || previous.Limit != request.Limit)
            {
                throw new PluginInputException("--resume: this run folder was made by a different pipeline, shard or limit; resume it with the same file and options, or choose another --out.", runDirectory);
            }

            previous.Status = "running";
            return previous;
        }

        Directory.CreateDirectory(runDirectory);
        return new RunManifest
        {
            Pipeline = definition.Name,
            RunId = Path.GetFileName(runDirectory.TrimEnd(Path.DirectorySeparatorChar)),
            PipelineFile = definition.FilePath,
            PipelineHash = hash,
            ResolvedPipeline = resolved,
            Plugins = [.. pipeline.UsedPlugins.Select(p => new PluginRecord(p.Id, p.Kind.ToString().ToLowerInvariant(), p.Metadata.Version, p.AssemblyFile))],
            GitCommit = GitInfo.Commit(definition.Directory),
            Machine = MachineRecord.Current(),
            Seed = definition.Seed,
            Shard = shard.IsSplit ? shard.ToString() : null,
            Limit = request.Limit,
            StartedUtc = DateTimeOffset.UtcNow,
        };
    }
}
