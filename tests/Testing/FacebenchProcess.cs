using System.Diagnostics;

namespace Facebench.Testing;

/// <summary>The built <c>facebench</c> program started as a separate process, as a user or a scheduler runs it.</summary>
public static class FacebenchProcess
{
    /// <summary>The host's entry assembly in the build output of this test's configuration.</summary>
    public static string Program => Path.Combine(RepositoryPaths.FacebenchOutput(), "facebench.dll");

    /// <summary>
    /// Runs <c>facebench</c> with <paramref name="args"/> and waits for it; progress is printed as plain lines (CI mode)
    /// and plugins come from the build output only.
    /// </summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Program);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CI"] = "true";
        start.Environment.Remove("FACEBENCH_PLUGINS");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"facebench {string.Join(' ', args)} did not finish in time");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>facebench</c> synchronously (see <see cref="RunAsync"/>).</summary>
    public static Result Run(params string[] args) => RunAsync(args).GetAwaiter().GetResult();

    /// <summary>What the process returned and printed.</summary>
    public sealed record Result(int Code, string Out, string Err)
    {
        /// <summary>Exit code, standard output and standard error, for assertion messages.</summary>
        public override string ToString() => $"exit {Code}\n{Out}\n{Err}";
    }
}
