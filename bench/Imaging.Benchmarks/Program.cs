using BenchmarkDotNet.Running;

namespace Facebench.Imaging.Benchmarks;

/// <summary>Runs the benchmarks selected on the command line (BenchmarkDotNet's switcher; all by default).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
}
