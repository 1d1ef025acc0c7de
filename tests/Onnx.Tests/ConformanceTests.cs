using Xunit.Abstractions;

namespace Facebench.Onnx.Tests;

/// <summary>
/// ONNX conformance on Debian's libonnx-testdata: the PyTorch sets must pass at 95% or better; ONNX's own sets
/// (<c>node</c>, <c>simple</c>) are run and reported without a threshold; <c>real</c> ships no models (they are
/// downloaded on demand), so it is not run. Each set prints <c>conformance &lt;set&gt;: passed/total</c> to the test
/// output and to the console, and every failure with its reason to the test output.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    /// <summary>The least share of cases of a PyTorch set that must pass.</summary>
    public const double RequiredPassRate = 0.95;

    [TestDataTheory]
    [InlineData("pytorch-converted")]
    [InlineData("pytorch-operator")]
    public void Pytorch_sets_pass(string set)
    {
        List<ConformanceResult> results = ConformanceSuite.RunSet(set);
        int passed = Report(set, results);
        Assert.True(results.Count > 0, $"{set}: no cases found");
        Assert.True(passed >= RequiredPassRate * results.Count, $"{set}: {passed}/{results.Count} passed, fewer than {RequiredPassRate:P0}");
    }

    [TestDataTheory]
    [InlineData("node")]
    [InlineData("simple")]
    public void Onnx_sets_are_reported(string set)
    {
        List<ConformanceResult> results = ConformanceSuite.RunSet(set);
        int passed = Report(set, results);
        Assert.True(passed > 0, $"{set}: nothing passed");
    }

    private int Report(string set, List<ConformanceResult> results)
    {
        int passed = results.Count(r => r.Passed);
        int upgraded = results.Count(r => r.Passed && r.UpgradedFromOpset > 0);
        string line = $"conformance {set}: {passed}/{results.Count} ({100.0 * passed / Math.Max(1, results.Count):0.0}%; {upgraded} only after upgrading a pre-7 operator set)";

        // The console line reaches `dotnet test`'s console logger (and so ./build.sh --target=test) also when the test
        // passes, which the test output of a passing xunit test does not.
        Console.WriteLine(line);
        output.WriteLine(line);
        foreach (ConformanceResult failure in results.Where(r => !r.Passed))
        {
            output.WriteLine($"  FAIL {failure.Case}: {failure.Failure}");
        }

        return passed;
    }
}
