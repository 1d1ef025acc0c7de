using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Fitting.Articulated;
using Facebench.Geometry;
using Facebench.Morphable.Articulated;

namespace Facebench.ModelFormats.Tests;

public sealed class ArticulatedFitTests
{
    [Fact]
    public void AFlameFitRecoversJawPoseAndLandmarksFromNoiseFreeObservations()
    {
        ArticulatedMorphableModel model = FlameTests.Load();
        int jaw = model.JointNames.ToList().IndexOf("jaw");
        ArticulatedFaces.Face[] faces = ArticulatedFaces.Draw(model, 8, 4, [jaw], 12, seed: 5);
        var fitter = new ArticulatedLandmarkFitter(model, new LandmarkFitterOptions { PriorIdentity = 1e-4, PriorExpression = 1e-4, Iterations = 300 }, new ArticulationOptions { PriorRotation = 1e-4 });
        var rmse = new List<double>();
        foreach (ArticulatedFaces.Face face in faces)
        {
            fitter.Fit(face.Landmarks, face.Focal, face.Cx, face.Cy);
            rmse.Add(fitter.RmsePx);
            Assert.Equal(68, fitter.LandmarksUsed);
        }

        rmse.Sort();
        Assert.True(rmse[rmse.Count / 2] < 0.05, $"median RMSE {rmse[rmse.Count / 2]:F4} px");
        Assert.True(rmse[^1] < 0.5, $"worst RMSE {rmse[^1]:F4} px");
    }

    [Fact]
    public void JawAndNeckFitConvergesWithNoise()
    {
        ArticulatedMorphableModel model = FlameTests.Load();
        int[] joints = [model.JointNames.ToList().IndexOf("neck"), model.JointNames.ToList().IndexOf("jaw")];
        ArticulatedFaces.Face[] faces = ArticulatedFaces.Draw(model, 8, 4, joints, 8, seed: 11, noisePx: 0.5);
        var fitter = new ArticulatedLandmarkFitter(model, articulation: new ArticulationOptions { Joints = ["neck", "jaw"] });
        foreach (ArticulatedFaces.Face face in faces)
        {
            fitter.Fit(face.Landmarks, face.Focal, face.Cx, face.Cy);
            Assert.True(fitter.RmsePx < 1.5, $"RMSE {fitter.RmsePx:F3} px");
            Assert.True(double.IsFinite(fitter.NonRigidReport.Value));
        }
    }

    [Fact]
    public void TheObjectiveGradientMatchesCentralDifferences()
    {
        ArticulatedMorphableModel model = FlameTests.Load();
        int[] joints = [1, 2];
        ArticulatedFaces.Face face = ArticulatedFaces.Draw(model, 8, 4, joints, 1, seed: 3)[0];
        var objective = new ArticulatedLandmarkObjective(model, 8, 4, joints, dynamicContour: true) { Camera = (face.Focal, face.Cx, face.Cy), HuberDelta = 3 };
        objective.SetObservations(face.Landmarks);
        objective.SelectPoints(40);
        var x = new double[objective.Dimension + 1];
        objective.Configure(true, face.Rotation * Rotations.FromAxisAngle(new Vec3(0.02, -0.03, 0.01)), new Vec3(0.001, -0.002, 0.65), 1.02, [.. face.Coefficients.Select(c => 0.5 * c)], [0.05, 0.01, 0, 0.1, 0, 0.02], x);
        int n = objective.Dimension;
        var g = new double[n];
        objective.EvaluateNatural(x.AsSpan(0, n), g);
        var scratch = new double[n];
        for (int k = 0; k < n; k++)
        {
            double h = 1e-6;
            double[] plus = x[..n], minus = x[..n];
            plus[k] += h;
            minus[k] -= h;
            double numeric = (objective.EvaluateNatural(plus, scratch) - objective.EvaluateNatural(minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - g[k]) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"variable {k}: numeric {numeric}, analytic {g[k]}");
        }
    }
}
