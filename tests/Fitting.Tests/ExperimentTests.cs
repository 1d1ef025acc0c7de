using Xunit.Abstractions;

namespace Facebench.Fitting.Tests;

public sealed class ExperimentTests(ITestOutputHelper output)
{
    [Fact]
    public void Memory_sweep()
    {
        var model = new SmoothTestModel();
        var basis = new LandmarkBasis(model);
        foreach ((double lambda, double noise) in new[] { (1e-3, 0.0), (1.0, 1.0), (4.0, 2.0) })
        {
            foreach (int m in new[] { 5, 8, 15, 25, 40 })
            {
                foreach (double tol in new[] { 1e-7, 1e-9 })
                {
                var random = new Random(77);
                var fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { PriorIdentity = lambda, PriorExpression = lambda, Memory = m, Iterations = 1000, Tolerance = tol });
                double iters = 0, evals = 0, rmse = 0, ms = 0;
                for (int trial = 0; trial < 10; trial++)
                {
                    SyntheticFace face = SyntheticFace.Draw(basis, random, noisePx: noise);
                    fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
                    iters += fitter.NonRigidReport.Iterations;
                    evals += fitter.NonRigidReport.Evaluations + fitter.RigidReport.Evaluations;
                    rmse += FitterTests.Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
                    ms += fitter.FitTimeMs;
                }

                output.WriteLine($"λ {lambda} noise {noise} m {m} tol {tol}: iterations {iters / 10:F0}, evaluations {evals / 10:F0}, RMSE {rmse / 10:F4}, {ms / 10:F2} ms");
                }
            }
        }
    }
}
