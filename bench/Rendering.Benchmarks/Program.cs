using BenchmarkDotNet.Running;

namespace Facebench.Rendering.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher (<c>--filter</c>, <c>--job short</c> …), or, with the first argument
/// <c>optimizer-experiment</c>, the L-BFGS-against-Adam experiment (<see cref="OptimizerExperiment"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line, or the optimiser experiment.</summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "optimizer-experiment")
        {
            OptimizerExperiment.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
