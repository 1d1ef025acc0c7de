using BenchmarkDotNet.Attributes;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Fitting.Benchmarks;

/// <summary>
/// Speed and allocations of one landmark fit on SFM (63 identity + 6 expression components, 68 landmarks with
/// sliding contours, pose): the full non-rigid fit (target: median ≤ 1 ms on one core, &lt; 1 KB allocated), the
/// rigid-only fit, one objective evaluation, and the evaluation of the landmark vertices. Each invocation fits the
/// next of 32 pre-drawn faces, so the numbers average over poses and shapes.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FitBenchmarks
{
    private (Point2[] Landmarks, CameraIntrinsics Camera)[] _faces = [];
    private LandmarkFitter _full = null!;
    private LandmarkFitter _rigid = null!;
    private LandmarkBasis _basis = null!;
    private IMorphableModel _model = null!;
    private double[] _coefficients = [];
    private double[] _landmarkXyz = [];
    private int[] _landmarkVertices = [];
    private float[] _vertexXyz = [];
    private float[] _identity = [];
    private float[] _expression = [];
    private double[] _x = [];
    private double[] _gradient = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkFaces.LoadModel();
        _basis = new LandmarkBasis(_model, 63, 6);
        _faces = BenchmarkFaces.Draw(_basis, 32, seed: 2024);
        _full = new LandmarkFitter(_basis);
        _rigid = new LandmarkFitter(_basis, new LandmarkFitterOptions { Iterations = 0 });
        _coefficients = new double[_basis.ComponentCount];
        for (int k = 0; k < _coefficients.Length; k++)
        {
            _coefficients[k] = Math.Sin(k);
        }

        _landmarkXyz = new double[68 * 3];
        _landmarkVertices = [.. _model.Landmarks.Points.Where(p => p.IsMapped).Select(p => p.V0)];
        _vertexXyz = new float[_landmarkVertices.Length * 3];
        _identity = [.. _coefficients.Take(_basis.IdentityCount).Select(v => (float)v)];
        _expression = [.. _coefficients.Skip(_basis.IdentityCount).Select(v => (float)v)];

        // Iterations and accuracy of the fits being timed, for the record.
        double iterations = 0, evaluations = 0, rmse = 0;
        foreach (var f in _faces)
        {
            _full.Fit(f.Landmarks, f.Camera.FocalLength, f.Camera.Cx, f.Camera.Cy);
            iterations += _full.RigidReport.Iterations + _full.NonRigidReport.Iterations;
            evaluations += _full.RigidReport.Evaluations + _full.NonRigidReport.Evaluations;
            rmse += _full.RmsePx;
        }

        Console.WriteLine($"// {_model.Name}: {_basis.IdentityCount}+{_basis.ExpressionCount} components; per fit {iterations / _faces.Length:F1} iterations, " +
            $"{evaluations / _faces.Length:F1} evaluations, RMSE to the noisy landmarks {rmse / _faces.Length:F3} px");

        // A configured non-rigid objective at a fitted pose, for the per-evaluation benchmark.
        var face = _faces[0];
        _full.Fit(face.Landmarks, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        LandmarkObjective objective = _full.Objective;
        _x = new double[objective.Dimension];
        _gradient = new double[objective.Dimension];
        objective.Configure(true, false, _full.Rotation, _full.Translation, 1, _coefficients, _x);
    }

    /// <summary>The whole fit: affine initialisation, rigid L-BFGS, joint non-rigid L-BFGS.</summary>
    [Benchmark(Baseline = true)]
    public double FullFit()
    {
        var face = _faces[_next++ & 31];
        _full.Fit(face.Landmarks, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        return _full.RmsePx;
    }

    /// <summary>Pose only: affine initialisation and rigid L-BFGS on the mean shape.</summary>
    [Benchmark]
    public double RigidFit()
    {
        var face = _faces[_next++ & 31];
        _rigid.Fit(face.Landmarks, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        return _rigid.RmsePx;
    }

    /// <summary>One value-and-gradient evaluation of the non-rigid objective (natural variables).</summary>
    [Benchmark]
    public double ObjectiveEvaluation() => _full.Objective.EvaluateNatural(_x, _gradient);

    /// <summary>Building the Gauss–Newton preconditioner of the non-rigid stage (Jacobian, JᵀJ, Cholesky).</summary>
    [Benchmark]
    public double Precondition()
    {
        _x.AsSpan().CopyTo(_gradient);
        _full.Objective.Precondition(_gradient);
        return _gradient[0];
    }

    /// <summary>The 68 landmark points from the gathered rows (what the fitter does per evaluation).</summary>
    [Benchmark]
    public double LandmarkRows()
    {
        _basis.EvaluateLandmarks(_coefficients, _landmarkXyz);
        return _landmarkXyz[0];
    }

    /// <summary>The landmark vertices through the model contract (IMorphableModel.EvaluateVertices).</summary>
    [Benchmark]
    public float ModelEvaluateVertices()
    {
        _model.EvaluateVertices(_landmarkVertices, _identity, _expression, _vertexXyz);
        return _vertexXyz[0];
    }
}
