using BenchmarkDotNet.Attributes;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Fitting.Articulated;
using Facebench.ModelFormats.Tests;
using Facebench.Morphable.Articulated;

namespace Facebench.ModelFormats.Benchmarks;

/// <summary>
/// One FLAME landmark fit (100 identity + 50 expression components + jaw rotation, 68 landmarks with the dynamic
/// jaw line) on the FLAME-sized model, target median ≤ 2 ms and no allocation; plus one objective evaluation.
/// Each invocation fits the next of 32 pre-drawn faces (yaw ±30°, jaw 3–11°, 0.5 px noise).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FlameFitBenchmarks
{
    private ArticulatedFaces.Face[] _faces = [];
    private ArticulatedLandmarkFitter _fitter = null!;
    private double[] _x = [];
    private double[] _gradient = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        ArticulatedMorphableModel model = FlameSizedModel.Build();
        _faces = ArticulatedFaces.Draw(model, 100, 50, [2], 32, seed: 2024, noisePx: 0.5);
        _fitter = new ArticulatedLandmarkFitter(model, new LandmarkFitterOptions { IdentityCount = 100, ExpressionCount = 50 });
        double iterations = 0, rmse = 0, evaluations = 0;
        foreach (ArticulatedFaces.Face f in _faces)
        {
            _fitter.Fit(f.Landmarks, f.Focal, f.Cx, f.Cy);
            iterations += _fitter.NonRigidReport.Iterations;
            evaluations += _fitter.RigidReport.Evaluations + _fitter.NonRigidReport.Evaluations;
            rmse += _fitter.RmsePx;
        }

        Console.WriteLine($"// FLAME fit: mean {iterations / _faces.Length:F1} joint iterations, {evaluations / _faces.Length:F1} evaluations, RMSE {rmse / _faces.Length:F3} px over {_faces.Length} faces");
        ArticulatedLandmarkObjective objective = _fitter.Objective;
        _x = new double[objective.Dimension];
        _gradient = new double[objective.Dimension];
        ConfigureAtFirstFace(_x);
    }

    /// <summary>The fitter's objective (for the quick mode's breakdown).</summary>
    public Facebench.Fitting.Articulated.ArticulatedLandmarkObjective Objective => _fitter.Objective;

    [Benchmark(Description = "FLAME fit: 100 id + 50 exp + jaw, 68 landmarks")]
    public double Fit()
    {
        ArticulatedFaces.Face f = _faces[_next++ % _faces.Length];
        _fitter.Fit(f.Landmarks, f.Focal, f.Cx, f.Cy);
        return _fitter.RmsePx;
    }

    /// <summary>Natural variables at the first face's true parameters (for timing the objective at a sane point).</summary>
    public void ConfigureAtFirstFace(double[] x)
    {
        ArticulatedFaces.Face f = _faces[0];
        ArticulatedLandmarkObjective objective = _fitter.Objective;
        objective.Camera = (f.Focal, f.Cx, f.Cy);
        objective.SetObservations(f.Landmarks);
        objective.SelectPoints(objective.Contour?.RowForYaw(HeadYaw.Degrees(f.Rotation, Facebench.Geometry.Mat3.Identity)) ?? -1);
        objective.Configure(false, f.Rotation, new Facebench.Geometry.Vec3(0, 0, 0.6), 1, f.Coefficients, f.Rotations, x);
    }

    [Benchmark(Description = "FLAME objective: value + gradient")]
    public double Evaluate() => _fitter.Objective.EvaluateNatural(_x, _gradient);
}
