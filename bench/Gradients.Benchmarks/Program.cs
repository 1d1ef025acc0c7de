using BenchmarkDotNet.Running;
using Facebench.Gradients.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(IdentityNetworkBenchmarks).Assembly).Run(args);
