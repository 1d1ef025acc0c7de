using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Facebench.Contracts;
using Facebench.Host.Pipelines;

namespace Facebench.Host.Running;

/// <summary>
/// Streams the source's samples through the stages with bounded parallelism and appends each finished
/// sample to <c>results.jsonl</c>. One thread reads the source, N workers each own one instance of every
/// stage, one writer appends and flushes. A sample whose stage throws is recorded as failed and the run
/// goes on; on cancellation the samples in flight are dropped (not half-written), so <c>--resume</c>
/// redoes exactly those.
/// </summary>
public sealed class PipelineRunner(LoadedPipeline pipeline, RunOptions options)
{
    /// <summary>Runs to the end of the source or until <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="PipelineException">The source yields a duplicate id, or the folder's results do not belong to this pipeline.</exception>
    public async Task<RunOutcome> RunAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        string resultsPath = Path.Combine(options.RunDirectory, ResultsFile.FileName);
        var finished = PrepareResults(resultsPath);
        var previous = finished.Values;
        long succeeded = previous.LongCount(s => !s.Failed);
        long failed = previous.LongCount(s => s.Failed);
        var stageTotals = new ConcurrentDictionary<string, double>(manifest.StageTotalsMs);

        var source = pipeline.CreateSource();
        int workers = Math.Max(1, options.Parallel);
        var stages = Enumerable.Range(0, workers)
            .Select(_ => Enumerable.Range(0, pipeline.StageCount).Select(pipeline.CreateStage).ToArray())
            .ToArray();
        var labels = pipeline.StageLabels;
        var conditions = pipeline.StageConditions;

        long? expected = source.CountHint is long hint ? Math.Min(hint, options.Limit ?? long.MaxValue) : options.Limit;
        if (expected is not null && options.Shard.IsSplit)
        {
            expected = null; // unknown until the ids are seen
        }

        var input = Channel.CreateBounded<Sample>(new BoundedChannelOptions(workers * 4) { SingleWriter = true });
        var output = Channel.CreateBounded<Sample>(new BoundedChannelOptions(workers * 4) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool exhausted = false;

        using var progress = RunProgress.Create(manifest.Pipeline, expected is null ? null : expected - (options.Resume ? finished.Count : 0));
        var producer = Task.Run(() => { exhausted = Produce(source, finished, input.Writer, stop.Token); }, CancellationToken.None);
        var consumers = stages.Select(workerStages => Task.Run(() => Work(workerStages, labels, conditions, input.Reader, output.Writer, stageTotals, stop.Token), CancellationToken.None)).ToArray();
        var completion = Task.WhenAll(consumers).ContinueWith(_ => output.Writer.TryComplete(), TaskScheduler.Default);

        await using (var stream = new FileStream(resultsPath, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            await foreach (var sample in output.Reader.ReadAllAsync(CancellationToken.None))
            {
                byte[] line = Encoding.UTF8.GetBytes(ResultsFile.ToLine(sample) + "\n");
                await stream.WriteAsync(line, CancellationToken.None);
                await stream.FlushAsync(CancellationToken.None);
                if (sample.Failed)
                {
                    failed++;
                }
                else
                {
                    succeeded++;
                }

                progress.Advance(sample.Failed);
            }
        }

        await completion;
        try
        {
            await producer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(consumers);
        manifest.Counts = new RunCounts(succeeded + failed, succeeded, failed);
        manifest.StageTotalsMs = stageTotals.OrderBy(kv => labels.ToList().IndexOf(kv.Key)).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3));
        return new RunOutcome(manifest.Counts, Cancelled: !exhausted || cancellationToken.IsCancellationRequested);
    }

    /// <summary>Reads what a resumed run already has, trimming a partial last line; refuses to mix runs.</summary>
    private Dictionary<string, Sample> PrepareResults(string resultsPath)
    {
        var finished = new Dictionary<string, Sample>(StringComparer.Ordinal);
        if (!File.Exists(resultsPath) || new FileInfo(resultsPath).Length == 0)
        {
            return finished;
        }

        if (!options.Resume)
        {
            throw new PipelineException(
                new SourceMark(resultsPath, 0, 0),
                "the run folder already has results; pass --resume to continue it, or choose another --out.");
        }

        var samples = ResultsFile.Read(resultsPath, out long validLength);
        if (validLength < new FileInfo(resultsPath).Length)
        {
            using var stream = new FileStream(resultsPath, FileMode.Open, FileAccess.Write);
            stream.SetLength(validLength); // drop the line a crash cut short; that sample runs again
        }

        foreach (var sample in samples)
        {
            finished[sample.Id] = sample;
        }

        return finished;
    }

    /// <returns>True when the source was read to its end (or to the limit).</returns>
    private bool Produce(ISource source, Dictionary<string, Sample> finished, ChannelWriter<Sample> writer, CancellationToken token)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long index = 0;
        try
        {
            foreach (var raw in source.Read(token))
            {
                if (options.Limit is long limit && index >= limit)
                {
                    return true;
                }

                if (!seen.Add(raw.Id))
                {
                    throw new PipelineException(pipeline.Definition.Source.Mark, $"{pipeline.Definition.Source.Id}: sample id '{raw.Id}' occurs twice; ids must be unique.");
                }

                var sample = raw with { Index = index++ };
                if (!options.Shard.Contains(sample.Id) || finished.ContainsKey(sample.Id))
                {
                    continue;
                }

                writer.WriteAsync(sample, token).AsTask().GetAwaiter().GetResult();
            }

            return !token.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static async Task Work(IStage[] stages, IReadOnlyList<string> labels, IReadOnlyList<StageCondition?> conditions, ChannelReader<Sample> reader, ChannelWriter<Sample> writer, ConcurrentDictionary<string, double> totals, CancellationToken token)
    {
        try
        {
            await foreach (var input in reader.ReadAllAsync(token))
            {
                var sample = input;
                var timings = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
                bool cancelled = false;
                for (int s = 0; s < stages.Length && !sample.Failed; s++)
                {
                    if (conditions[s] is { } condition && !condition.Matches(sample))
                    {
                        continue; // `when:` does not match: the sample passes through, untimed
                    }

                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        sample = stages[s].Process(sample, token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        cancelled = true;
                        break;
                    }
                    catch (Exception e)
                    {
                        var cause = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
                        sample = sample with { Error = new SampleError(labels[s], cause.GetType().Name, cause.Message) };
                    }

                    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    timings[labels[s]] = ms;
                    totals.AddOrUpdate(labels[s], ms, (_, total) => total + ms);
                }

                if (cancelled)
                {
                    break; // not written: a resumed run does it again
                }

                await writer.WriteAsync(sample with { TimingsMs = timings.ToImmutable() }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
