using BenchmarkDotNet.Attributes;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Facebench.Fitting.Benchmarks;

/// <summary>
/// The rule: "MathNet's L-BFGS may be used; a hand-written one only if measured faster". Both minimisers run
/// the same preconditioned non-rigid SFM objective (63 + 6 components and pose, contours sliding) from the same
/// start (the rigid fit of one face) for one round, at comparable stopping rules: MathNet's
/// <see cref="LimitedMemoryBfgsMinimizer"/> (memory 10, gradient tolerance 1e-4 in the preconditioned variables)
/// against <see cref="Lbfgs"/> (memory 10, Newton-decrement tolerance 1e-7·max(1, E)). Setup prints the final
/// objective values and iterations of both, so the time is compared at equal accuracy.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OptimizerBenchmarks
{
    private LandmarkObjective _objective = null!;
    private Lbfgs _lbfgs = null!;
    private Lbfgs _lbfgsTight = null!;
    private LimitedMemoryBfgsMinimizer _mathNet = null!;
    private IObjectiveFunction _mathNetObjective = null!;
    private double[] _start = [];
    private double[] _z = [];
    private double[] _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        IMorphableModel model = BenchmarkFaces.LoadModel();
        var basis = new LandmarkBasis(model, 63, 6);
        (Point2[] landmarks, CameraIntrinsics camera) = BenchmarkFaces.Draw(basis, 1, seed: 7)[0];
        var rigid = new LandmarkFitter(basis, new LandmarkFitterOptions { Iterations = 0 });
        rigid.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);

        _objective = new LandmarkObjective(basis) { Camera = (camera.FocalLength, camera.Cx, camera.Cy) };
        _objective.SetObservations(landmarks, contours: true);
        double[] x = new double[7 + basis.ComponentCount];
        _objective.Configure(true, false, rigid.Rotation, rigid.Translation, 1, new double[basis.ComponentCount], x);
        _start = x[.._objective.Dimension];
        _objective.Precondition(_start); // z = 0 at the rigid fit, preconditioned there
        _z = new double[_start.Length];
        _gradient = new double[_start.Length];
        _lbfgs = new Lbfgs(_start.Length, 10) { Tolerance = 1e-7 };
        _lbfgsTight = new Lbfgs(_start.Length, 10) { Tolerance = 1e-10 };
        _mathNet = new LimitedMemoryBfgsMinimizer(1e-4, 1e-10, 1e-10, 10, 1000);
        _mathNetObjective = ObjectiveFunction.Gradient(v =>
        {
            double[] gradient = new double[v.Count];
            double value = _objective.Evaluate(v.AsArray() ?? v.ToArray(), gradient);
            return (value, Vector<double>.Build.Dense(gradient));
        });

        LbfgsReport own = HandWrittenReport(_lbfgs);
        LbfgsReport tight = HandWrittenReport(_lbfgsTight);
        MinimizationResult theirs = _mathNet.FindMinimum(_mathNetObjective, Vector<double>.Build.Dense(_start));
        Console.WriteLine($"// hand-written L-BFGS: E = {own.Value:F6} after {own.Iterations} iterations, {own.Evaluations} evaluations ({own.Status})");
        Console.WriteLine($"// hand-written, tight: E = {tight.Value:F6} after {tight.Iterations} iterations, {tight.Evaluations} evaluations ({tight.Status})");
        Console.WriteLine($"// MathNet L-BFGS:      E = {theirs.FunctionInfoAtMinimum.Value:F6} after {theirs.Iterations} iterations ({theirs.ReasonForExit})");
    }

    /// <summary>The project's allocation-free L-BFGS.</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenReport(_lbfgs).Value;

    /// <summary>The hand-written L-BFGS with a 1000× tighter stopping rule (at least MathNet's final accuracy).</summary>
    [Benchmark]
    public double HandWrittenTight() => HandWrittenReport(_lbfgsTight).Value;

    /// <summary>MathNet.Numerics 5.0's L-BFGS on the same objective.</summary>
    [Benchmark]
    public double MathNet()
    {
        try
        {
            return _mathNet.FindMinimum(_mathNetObjective, Vector<double>.Build.Dense(_start)).FunctionInfoAtMinimum.Value;
        }
        catch (MaximumIterationsException)
        {
            return double.NaN;
        }
    }

    private LbfgsReport HandWrittenReport(Lbfgs lbfgs)
    {
        _start.CopyTo(_z, 0);
        return lbfgs.Minimize(_objective, _z, 1000);
    }
}
