using System.CommandLine;
using Facebench.Host;
using Facebench.Host.Cli;

// facebench: the command-line host. Each command lives in Cli/; exit codes are in Cli/ExitCodes.cs.
return await FacebenchCli.InvokeAsync(args);

namespace Facebench.Host
{
    /// <summary>The root command and its wiring; tests call <see cref="InvokeAsync"/> in process.</summary>
    public static class FacebenchCli
    {
        /// <summary>Builds the command tree.</summary>
        public static RootCommand Build() => new("Facebench: fit 3D morphable models to faces, compare them, audit them for bias.")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
            PluginsCommand.Create(),
            MergeCommand.Create(),
            ReportCommand.Create(),
            IndexCommand.Create(),
            ModelCommand.Create(),
        };

        /// <summary>Parses and runs; Ctrl+C cancels the running command cleanly (a second Ctrl+C kills).</summary>
        public static async Task<int> InvokeAsync(string[] args)
        {
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (!cancellation.IsCancellationRequested)
                {
                    e.Cancel = true;
                    HostConsole.Warn("stopping after the samples in flight; press Ctrl+C again to kill.");
                    cancellation.Cancel();
                }
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var parse = Build().Parse(args);
                if (parse.Errors.Count > 0)
                {
                    foreach (var error in parse.Errors)
                    {
                        HostConsole.Error(error.Message);
                    }

                    return ExitCodes.InvalidInput;
                }

                return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token);
            }
            catch (Exception e)
            {
                HostConsole.Error($"internal error: {e}");
                return ExitCodes.InternalError;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }
}
