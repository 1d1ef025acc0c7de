using BenchmarkDotNet.Running;
using Facebench.Onnx.Benchmarks;

// BenchmarkDotNet runs the per-run and batching benchmarks; then, unless "no-node" is given, the same conformance
// models are timed against Node's onnxruntime-node binding (see NodeComparison).
bool node = !args.Contains("no-node");
string[] benchmarkArgs = args.Where(a => a != "no-node").ToArray();
BenchmarkSwitcher.FromAssembly(typeof(RunBenchmarks).Assembly).Run(benchmarkArgs);
if (node && !args.Contains("--list"))
{
    NodeComparison.Run(Console.Out);
}
