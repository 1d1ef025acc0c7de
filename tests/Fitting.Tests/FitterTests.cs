using System.Text.Json;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Xunit.Abstractions;

namespace Facebench.Fitting.Tests;

public sealed class FitterTests(ITestOutputHelper output)
{
    private static readonly SmoothTestModel Model = new();
    private static readonly LandmarkBasis Basis = new(Model);

    [Fact]
    public void Gathered_rows_reproduce_the_model()
    {
        var random = new Random(2);
        float[] id = [.. Enumerable.Range(0, Model.IdentityCount).Select(_ => (float)SyntheticFace.Gaussian(random))];
        float[] exp = [.. Enumerable.Range(0, Model.ExpressionCount).Select(_ => (float)SyntheticFace.Gaussian(random))];
        double[] c = [.. id.Select(v => (double)v), .. exp.Select(v => (double)v)];
        float[] vertices = new float[3 * Model.VertexCount];
        Model.Evaluate(id, exp, vertices);
        Span<double> p = stackalloc double[3];
        for (int i = 0; i < 68; i++)
        {
            LandmarkBinding b = Model.Landmarks.Points[i];
            if (!b.IsMapped)
            {
                continue;
            }

            Basis.EvaluateLandmark(i, c, p);
            for (int axis = 0; axis < 3; axis++)
            {
                double expected = (b.W0 * vertices[(3 * b.V0) + axis]) + (b.W1 * vertices[(3 * b.V1) + axis]) + (b.W2 * vertices[(3 * b.V2) + axis]);
                Assert.Equal(expected, p[axis], 3);
            }
        }
    }

    [Theory]
    [InlineData(false, false, 0.0)]
    [InlineData(true, false, 0.0)]
    [InlineData(true, true, 0.0)]
    [InlineData(true, true, 3.0)]
    public void Analytic_gradient_matches_central_differences(bool nonRigid, bool fitScale, double huber)
    {
        var random = new Random(11);
        SyntheticFace face = SyntheticFace.Draw(Basis, random, noisePx: 4);
        var objective = new LandmarkObjective(Basis) { PriorIdentity = 0.7, PriorExpression = 1.3, HuberDelta = huber };
        objective.Camera = (face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        objective.SetObservations(face.Observed, contours: true);
        Assert.True(objective.ContourCount > 0);

        // A random point away from the optimum: perturbed pose and random coefficients.
        Mat3 rotation = Rotations.FromAxisAngle(new Vec3(0.05, -0.08, 0.03)) * face.Rotation;
        double[] c = [.. Enumerable.Range(0, Basis.ComponentCount).Select(_ => SyntheticFace.Gaussian(random))];
        double[] x = new double[objective.Dimension + 7 + Basis.ComponentCount];
        objective.Configure(nonRigid, fitScale, rotation, face.Translation + new Vec3(3, -2, 15), 1.02, c, x);
        int n = objective.Dimension;
        x = x[..n];
        for (int j = 0; j < 3; j++)
        {
            x[j] = 0.02 * SyntheticFace.Gaussian(random); // a non-zero rotation increment exercises the full Rodrigues derivative
        }

        double[] analytic = new double[n];
        double[] scratch = new double[n];
        objective.EvaluateNatural(x, analytic);
        double worst = 0;
        for (int j = 0; j < n; j++)
        {
            double h = j < 3 ? 1e-6 : j < 6 ? 1e-4 : 1e-5;
            double saved = x[j];
            x[j] = saved + h;
            double plus = objective.EvaluateNatural(x, scratch);
            x[j] = saved - h;
            double minus = objective.EvaluateNatural(x, scratch);
            x[j] = saved;
            double numeric = (plus - minus) / (2 * h);
            double error = Math.Abs(numeric - analytic[j]) / Math.Max(1.0, Math.Max(Math.Abs(numeric), Math.Abs(analytic[j])));
            worst = Math.Max(worst, error);
            Assert.True(error < 1e-4, $"variable {j}: analytic {analytic[j]:G8}, numeric {numeric:G8}, relative error {error:E2}");
        }

        output.WriteLine($"worst relative gradient error {worst:E2} over {n} variables");
    }

    [Theory]
    [InlineData(-40.0, 50000.0, 0.2)]
    [InlineData(0.0, 50000.0, 0.2)]
    [InlineData(25.0, 50000.0, 0.2)]
    [InlineData(-40.0, 650.0, 6.0)]
    [InlineData(0.0, 650.0, 6.0)]
    [InlineData(25.0, 650.0, 6.0)]
    public void Affine_initialisation_recovers_a_known_pose(double yaw, double distance, double toleranceDegrees)
    {
        // Far away (weak perspective) the affine camera is nearly exact; at a selfie distance perspective
        // foreshortening biases it by a few degrees, which the rigid L-BFGS stage then removes.
        var angles = new HeadAngles(yaw, 10, -5);
        Mat3 r = HeadPose.CameraFromModel(angles);
        var t = new Vec3(20, -10, distance);
        double f = 900 * distance / 650;
        double[] model = new double[68 * 3], image = new double[68 * 2];
        int n = 0;
        Vec3 centroid = Vec3.Zero;
        for (int i = 0; i < 68; i++)
        {
            if (!Basis.IsMapped(i))
            {
                continue;
            }

            Vec3 p = Vec3.Read(Basis.LandmarkMean(i));
            p.CopyTo(model.AsSpan(3 * n, 3));
            centroid += p;
            Point2 uv = Pinhole.Project(f, 320, 240, (r * p) + t);
            image[2 * n] = uv.X;
            image[(2 * n) + 1] = uv.Y;
            n++;
        }

        centroid /= n;
        AffineCamera affine = AffineCamera.Estimate(model.AsSpan(0, 3 * n), image.AsSpan(0, 2 * n));
        (Mat3 rotation, Vec3 translation) = affine.ToPerspectivePose(f, 320, 240, centroid);
        double angleDegrees = Rotations.ToAxisAngle(rotation * r.Transposed()).Length * 180 / Math.PI;
        output.WriteLine($"yaw {yaw}, distance {distance}: rotation error {angleDegrees:F3}°, translation ({translation.X:F1}, {translation.Y:F1}, {translation.Z:F1})");
        Assert.True(angleDegrees < toleranceDegrees, $"rotation off by {angleDegrees:F2}°");
        Assert.True((translation - t).Length < 0.03 * distance, $"translation {translation} vs {t}");
    }

    [Fact]
    public void Noise_free_fit_reaches_sub_pixel_error_and_improves_3d_shape()
    {
        var random = new Random(21);
        var fitter = new LandmarkFitter(Basis, new LandmarkFitterOptions { PriorIdentity = 1e-3, PriorExpression = 1e-3, Iterations = 300 });
        for (int trial = 0; trial < 10; trial++)
        {
            SyntheticFace face = SyntheticFace.Draw(Basis, random);
            fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
            double rmse = Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
            (double fitted, double mean) = ShapeErrors(fitter.Coefficients, face.Coefficients);
            output.WriteLine($"yaw {face.Angles.Yaw,6:F1}: RMSE {rmse:F4} px, 3D RMS {fitted:F2} mm vs mean {mean:F2} mm; " +
                $"iterations {fitter.RigidReport.Iterations}+{fitter.NonRigidReport.Iterations} ({fitter.NonRigidReport.Status}), {fitter.FitTimeMs:F2} ms");
            Assert.True(rmse < 0.1, $"2D RMSE {rmse:F4} px");
            Assert.True(fitted <= 0.6 * mean, $"3D error {fitted:F2} mm is not 40% below the mean shape's {mean:F2} mm");
        }
    }

    [Fact]
    public void Noisy_fit_stays_near_the_noise_floor()
    {
        // Noise floor: the RMSE of the noisy observations against the true landmarks (≈ σ·√2 for isotropic noise).
        // The fit's 2D RMSE is measured against the true landmarks too: it must not amplify the noise by more than 15%.
        var random = new Random(22);
        var fitter = new LandmarkFitter(Basis, new LandmarkFitterOptions { PriorIdentity = 4, PriorExpression = 4 });
        double sumFit = 0, sumFloor = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            SyntheticFace face = SyntheticFace.Draw(Basis, random, noisePx: 2);
            fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
            double fit = Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
            double floor = Rmse(face.Observed, face.TrueLandmarks);
            sumFit += fit * fit;
            sumFloor += floor * floor;
        }

        double rmseFit = Math.Sqrt(sumFit / 20), rmseFloor = Math.Sqrt(sumFloor / 20);
        output.WriteLine($"σ = 2 px: fit RMSE vs truth {rmseFit:F3} px, noise floor {rmseFloor:F3} px, ratio {rmseFit / rmseFloor:F3}");
        Assert.True(rmseFit <= 1.15 * rmseFloor, $"fit {rmseFit:F3} px vs floor {rmseFloor:F3} px");
    }

    [Fact]
    public void Missing_landmarks_are_skipped_and_too_few_fail_clearly()
    {
        var random = new Random(23);
        SyntheticFace face = SyntheticFace.Draw(Basis, random);
        var fitter = new LandmarkFitter(Basis, new LandmarkFitterOptions { PriorIdentity = 1e-3, PriorExpression = 1e-3 });
        Point2[] partial = [.. face.Observed];
        for (int i = 0; i < 68; i += 3)
        {
            partial[i] = Point2.Missing;
        }

        fitter.Fit(partial, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        Assert.False(fitter.FittedLandmarks[0].IsValid);
        Assert.Equal(partial.Count(p => p.IsValid && (Basis.IsMapped(Array.IndexOf(partial, p)) || Basis.ContourSide(Array.IndexOf(partial, p)) >= 0)), fitter.LandmarksUsed);
        double rmse = Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
        Assert.True(rmse < 0.1, $"RMSE {rmse:F4} px with a third of the landmarks missing");

        Point2[] few = [.. Enumerable.Repeat(Point2.Missing, 68)];
        foreach (int i in new[] { 20, 30, 40, 50, 60 })
        {
            few[i] = face.Observed[i];
        }

        var e = Assert.Throws<InsufficientLandmarksException>(() => fitter.Fit(few, 800, 320, 240));
        Assert.Contains("only 5 of 68", e.Message);
    }

    [Fact]
    public void Fit_does_not_allocate_after_warm_up()
    {
        var random = new Random(24);
        SyntheticFace face = SyntheticFace.Draw(Basis, random, noisePx: 1);
        var fitter = new LandmarkFitter(Basis, new LandmarkFitterOptions { HuberDelta = 3 });
        fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        long before = GC.GetAllocatedBytesForCurrentThread();
        fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Result_round_trips_through_json()
    {
        var random = new Random(25);
        SyntheticFace face = SyntheticFace.Draw(Basis, random, noisePx: 1);
        var fitter = new LandmarkFitter(Basis);
        fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
        LandmarkFitResult result = fitter.ToResult(face.Camera);
        string json = JsonSerializer.Serialize(result, FacebenchJson.Options);
        LandmarkFitResult back = JsonSerializer.Deserialize<LandmarkFitResult>(json, FacebenchJson.Options)!;
        Assert.Equal(result.RmsePx, back.RmsePx);
        Assert.Equal(result.Parameters.Identity, back.Parameters.Identity);
        Assert.Equal(result.FittedLandmarks.Length, back.FittedLandmarks.Length);
        Assert.Contains("\"rmse_px\"", json);
        Assert.InRange(result.Parameters.Angles.Yaw, face.Angles.Yaw - 2, face.Angles.Yaw + 2);
    }

    internal static double Rmse(ReadOnlySpan<Point2> a, ReadOnlySpan<Point2> b)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].IsValid && b[i].IsValid)
            {
                sum += Math.Pow(a[i].DistanceTo(b[i]), 2);
                n++;
            }
        }

        return Math.Sqrt(sum / n);
    }

    /// <summary>RMS per-vertex distance (model frame, i.e. both shapes in the same pose) of the fitted and of the mean shape to the true shape.</summary>
    internal static (double Fitted, double Mean) ShapeErrors(ReadOnlySpan<double> fitted, double[] truth) => ShapeErrors(Model, fitted, truth);

    internal static (double Fitted, double Mean) ShapeErrors(IMorphableModel model, ReadOnlySpan<double> fitted, double[] truth)
    {
        int kid = model.IdentityCount;
        float[] trueShape = Evaluate(model, truth);
        float[] fittedShape = Evaluate(model, fitted.ToArray());
        double sumFit = 0, sumMean = 0;
        ReadOnlySpan<float> mean = model.Mean;
        for (int v = 0; v < model.VertexCount; v++)
        {
            double df = 0, dm = 0;
            for (int axis = 0; axis < 3; axis++)
            {
                df += Math.Pow(fittedShape[(3 * v) + axis] - trueShape[(3 * v) + axis], 2);
                dm += Math.Pow(mean[(3 * v) + axis] - trueShape[(3 * v) + axis], 2);
            }

            sumFit += df;
            sumMean += dm;
        }

        _ = kid;
        return (Math.Sqrt(sumFit / model.VertexCount), Math.Sqrt(sumMean / model.VertexCount));
    }

    private static float[] Evaluate(IMorphableModel model, double[] c)
    {
        int kid = Math.Min(model.IdentityCount, c.Length);
        float[] id = [.. c.Take(kid).Select(v => (float)v)];
        float[] exp = [.. c.Skip(kid).Select(v => (float)v)];
        float[] vertices = new float[3 * model.VertexCount];
        model.Evaluate(id, exp, vertices);
        return vertices;
    }
}
