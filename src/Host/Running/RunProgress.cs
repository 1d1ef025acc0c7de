using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Facebench.Host.Running;

/// <summary>Progress of a run: how many samples are done, how fast, and when it will end.</summary>
public interface IRunProgress : IDisposable
{
    /// <summary>Called once a sample is finished (written).</summary>
    void Advance(bool failed);
}

/// <summary>Creates the right progress display for the console.</summary>
public static class RunProgress
{
    /// <summary>A Spectre.Console bar on a terminal, periodic plain lines otherwise, nothing when quiet.</summary>
    public static IRunProgress Create(string title, long? total)
    {
        if (HostConsole.Quiet)
        {
            return new SilentProgress();
        }

        return HostConsole.IsInteractive ? new BarProgress(title, total) : new LineProgress(title, total, TimeSpan.FromSeconds(10));
    }

    /// <summary>"1 234/5 000 (24.7%) 85.3/s ETA 00:04:12, 2 failed".</summary>
    internal static string Describe(long done, long failed, long? total, TimeSpan elapsed)
    {
        var culture = CultureInfo.InvariantCulture;
        double rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        string text = total is > 0
            ? string.Format(culture, "{0}/{1} ({2:0.0}%)", done, total, 100.0 * done / total.Value)
            : done.ToString(culture);
        text += string.Format(culture, " {0:0.0}/s", rate);
        if (total is > 0 && rate > 0 && done < total)
        {
            text += " ETA " + TimeSpan.FromSeconds((total.Value - done) / rate).ToString(@"hh\:mm\:ss", culture);
        }

        return failed > 0 ? $"{text}, {failed} failed" : text;
    }

    private sealed class SilentProgress : IRunProgress
    {
        public void Advance(bool failed)
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>For logs: a line every interval and a last one at the end.</summary>
    private sealed class LineProgress(string title, long? total, TimeSpan interval) : IRunProgress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _done;
        private long _failed;
        private TimeSpan _lastLine;

        public void Advance(bool failed)
        {
            _done++;
            if (failed)
            {
                _failed++;
            }

            if (_clock.Elapsed - _lastLine >= interval)
            {
                _lastLine = _clock.Elapsed;
                HostConsole.Info($"[{title}] {Describe(_done, _failed, total, _clock.Elapsed)}");
            }
        }

        public void Dispose() => HostConsole.Info($"[{title}] {Describe(_done, _failed, total, _clock.Elapsed)} in {_clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A live Spectre.Console bar with rate and ETA, refreshed on its own thread.</summary>
    private sealed class BarProgress : IRunProgress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long? _total;
        private readonly string _title;
        private readonly TaskCompletionSource _finished = new();
        private readonly Task _display;
        private long _done;
        private long _failed;

        public BarProgress(string title, long? total)
        {
            _title = title;
            _total = total;
            _display = AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total ?? 1));
                    task.IsIndeterminate = total is null;
                    while (!_finished.Task.IsCompleted)
                    {
                        Update(task);
                        await Task.WhenAny(_finished.Task, Task.Delay(200));
                    }

                    Update(task);
                    task.StopTask();
                });
        }

        public void Advance(bool failed)
        {
            Interlocked.Increment(ref _done);
            if (failed)
            {
                Interlocked.Increment(ref _failed);
            }
        }

        public void Dispose()
        {
            _finished.TrySetResult();
            _display.GetAwaiter().GetResult();
        }

        private void Update(ProgressTask task)
        {
            long done = Interlocked.Read(ref _done);
            task.Value = _total is null ? 0 : done;
            task.Description = Markup.Escape($"{_title} {Describe(done, Interlocked.Read(ref _failed), _total, _clock.Elapsed)}");
        }
    }
}
