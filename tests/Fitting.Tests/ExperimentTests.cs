using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Fitting.Tests;

public sealed class ExperimentTests(ITestOutputHelper output)
{
    [Fact]
    public void Round_sweep()
    {
        var model = SfmModelReader.ReadWithSiblings(RepositoryPaths.Shared("models", "sfm", "sfm_shape_3448.bin"));
        var basis = new LandmarkBasis(model);
        var landmarks = SfmFitTests.ReadPts(RepositoryPaths.Shared("data/lfpw-sample/image_0010.pts"));
        foreach (int round in new[] { 15, 25, 40, 1000 })
        {
            var camera = CameraIntrinsics.FromFieldOfView(1280, 1024, 40);
            var fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { RoundIterations = round, Iterations = 1000 });
            fitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
            fitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
            (double mapped, int count, double contour) = SfmFitTests.Errors(fitter, landmarks, model);
            output.WriteLine($"round {round} LFPW: mapped {mapped:F2} px, contour {contour:F2}, it {fitter.RigidReport.Iterations}+{fitter.NonRigidReport.Iterations} {fitter.NonRigidReport.Status} {fitter.FitTimeMs:F2} ms");
            foreach ((double lambda, double noise) in new[] { (1e-3, 0.0), (1.0, 1.0) })
            {
                var random = new Random(77);
                fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { PriorIdentity = lambda, PriorExpression = lambda, RoundIterations = round, Iterations = 1000 });
                double it = 0, ev = 0, rmse = 0, ms = 0;
                const int trials = 16;
                for (int t = 0; t < trials; t++)
                {
                    SyntheticFace face = SyntheticFace.Draw(basis, random, noisePx: noise);
                    fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
                    it += fitter.RigidReport.Iterations + fitter.NonRigidReport.Iterations;
                    ev += fitter.RigidReport.Evaluations + fitter.NonRigidReport.Evaluations;
                    rmse += FitterTests.Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
                    ms += fitter.FitTimeMs;
                }

                output.WriteLine($"   λ {lambda} noise {noise}: iterations {it / trials:F1}, evaluations {ev / trials:F1}, RMSE {rmse / trials:F4}, {ms / trials:F2} ms");
            }
        }
    }
}
