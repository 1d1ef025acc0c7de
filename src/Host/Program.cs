using System.CommandLine;
using System.Runtime.InteropServices;
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

        /// <summary>
        /// Parses and runs. Ctrl+C (SIGINT) or SIGTERM (what Slurm and Kubernetes send on pre-emption) cancels the
        /// running command, which stops after the samples in flight, writes its manifest and report, and exits 130;
        /// a second signal kills the process.
        /// </summary>
        public static async Task<int> InvokeAsync(string[] args)
        {
            using var cancellation = new CancellationTokenSource();
            void OnSignal(PosixSignalContext context)
            {
                if (!cancellation.IsCancellationRequested)
                {
                    context.Cancel = true;
                    HostConsole.Warn($"{context.Signal}: stopping after the samples in flight; send it again to kill.");
                    cancellation.Cancel();
                }
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
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

                // The host handles signals itself (above): System.CommandLine's own handler would return 130 after a
                // timeout while the run is still writing its report.
                var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
                return await parse.InvokeAsync(configuration, cancellation.Token);
            }
            catch (Exception e)
            {
                HostConsole.Error($"internal error: {e}");
                return ExitCodes.InternalError;
            }
        }
    }
}
