using System.Diagnostics;
using Facebench.Fitting.Photometric;
using Facebench.Geometry;

namespace Facebench.Rendering.Benchmarks;

/// <summary>
/// photometric_optimization's optimiser on Facebench's objective, for comparison: Adam (Kingma &amp; Ba 2015, "Adam: A
/// Method for Stochastic Optimization", Algorithm 1: β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, bias-corrected moments) with a
/// fixed learning rate, one objective evaluation per step. To make the comparison about the optimiser alone it gets
/// every advantage the L-BFGS schedule has: the same crop and start, the same closed-form appearance start, and the
/// same Gauss–Newton preconditioned variables (so its rate applies to unit-scaled coordinates), rebuilt at each stage.
/// Stage 1 (appearance: albedo and lighting, geometry frozen) then stage 2 (everything), as photometric_optimization
/// runs landmarks first and then all terms.
/// </summary>
internal sealed class AdamSchedule(PhotometricFitter fitter)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly double[] _x = new double[fitter.Objective.VariableCount];
    private readonly double[] _z = new double[fitter.Objective.VariableCount];
    private readonly double[] _g = new double[fitter.Objective.VariableCount];
    private readonly double[] _m = new double[fitter.Objective.VariableCount];
    private readonly double[] _v = new double[fitter.Objective.VariableCount];

    /// <summary>Runs the two stages and returns the photometric error (grey levels), the objective and the time.</summary>
    /// <param name="photo">The photo and its landmark fit.</param>
    /// <param name="appearanceSteps">Adam steps of stage 1.</param>
    /// <param name="jointSteps">Adam steps of stage 2.</param>
    /// <param name="rate">Learning rate in preconditioned units.</param>
    /// <param name="trace">Called after every stage-2 step with (step, objective).</param>
    public (double PhotometricError, double Objective, double Milliseconds) Run(BenchmarkScenes.Photo photo, int appearanceSteps, int jointSteps, double rate, Action<int, double>? trace = null)
    {
        long begin = Stopwatch.GetTimestamp();
        PhotometricObjective objective = fitter.Objective;
        (Mat3 rotation, _) = fitter.Prepare(photo.Image, photo.Camera, photo.Landmarks, photo.Start, _x);
        ReadOnlySpan<double> light = fitter.StartLighting;
        objective.Start(rotation, _x, light, geometryActive: false, _z);
        objective.SolveAppearance(3);
        objective.Natural.CopyTo(_x);
        double value = Stage(objective, rotation, light, geometryActive: false, appearanceSteps, rate, null);
        value = Stage(objective, rotation, light, geometryActive: true, jointSteps, rate, trace);
        Mat3 final = Rotations.FromAxisAngle(new Vec3(_x[0], _x[1], _x[2])) * rotation;
        _x[0] = _x[1] = _x[2] = 0;
        objective.Place(final);
        objective.Render(_x);
        return (objective.MaskError().Mae, value, Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
    }

    private double Stage(PhotometricObjective objective, Mat3 rotation, ReadOnlySpan<double> light, bool geometryActive, int steps, double rate, Action<int, double>? trace)
    {
        objective.Start(rotation, _x, light, geometryActive, _z);
        int n = objective.Dimension;
        Array.Clear(_m);
        Array.Clear(_v);
        double value = double.NaN;
        for (int step = 1; step <= steps; step++)
        {
            value = objective.Evaluate(_z.AsSpan(0, n), _g.AsSpan(0, n));
            double c1 = 1 - Math.Pow(Beta1, step), c2 = 1 - Math.Pow(Beta2, step);
            for (int i = 0; i < n; i++)
            {
                _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * _g[i]);
                _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * _g[i] * _g[i]);
                _z[i] -= rate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + Epsilon);
            }

            trace?.Invoke(step, value);
        }

        objective.Unscale(_z);
        objective.Natural.CopyTo(_x);
        return value;
    }
}
