using Facebench.Morphable;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Fitting.Tests;

public sealed class ExperimentTests(ITestOutputHelper output)
{
    [Fact]
    public void Sfm_sweep()
    {
        var model = SfmModelReader.ReadWithSiblings(RepositoryPaths.Shared("models", "sfm", "sfm_shape_3448.bin"));
        var basis = new LandmarkBasis(model);
        foreach ((double lambda, double noise) in new[] { (1e-3, 0.0), (1.0, 1.0) })
        {
            foreach (int m in new[] { 8, 20 })
            {
                foreach (double tol in new[] { 1e-6, 1e-7, 1e-9 })
                {
                    var random = new Random(77);
                    var fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { PriorIdentity = lambda, PriorExpression = lambda, Memory = m, Iterations = 1000, Tolerance = tol });
                    double rigid = 0, iters = 0, evals = 0, rmse = 0, ms = 0;
                    int trials = 16;
                    for (int trial = 0; trial < trials; trial++)
                    {
                        SyntheticFace face = SyntheticFace.Draw(basis, random, noisePx: noise);
                        fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
                        rigid += fitter.RigidReport.Iterations;
                        iters += fitter.NonRigidReport.Iterations;
                        evals += fitter.NonRigidReport.Evaluations + fitter.RigidReport.Evaluations;
                        rmse += FitterTests.Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
                        ms += fitter.FitTimeMs;
                    }

                    output.WriteLine($"λ {lambda} noise {noise} m {m} tol {tol}: rigid {rigid / trials:F1} non-rigid {iters / trials:F1}, evaluations {evals / trials:F1}, RMSE vs truth {rmse / trials:F4}, {ms / trials:F2} ms");
                }
            }
        }
    }
}
