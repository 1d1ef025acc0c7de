using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;
using Facebench.Fitting.Photometric;
using Facebench.Identity;
using Facebench.Imaging;
using Facebench.Morphable;
using Facebench.Rendering;
using Facebench.TextureGenerators;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Fitting.Generative.Tests;

/// <summary>
/// GANFIT's last stage with the geometry variable: the analytic geometry gradient of the combined objective (photometric,
/// identity through fr_feature, landmarks, priors) against finite differences, and what optimising the geometry buys
/// over keeping it, on a synthetic photo with known geometry and on the real LFPW photo.
/// </summary>
public sealed class JointStageTests(ITestOutputHelper output)
{
    public static TheoryData<bool> Terms() => new() { true, false };

    /// <summary>
    /// Directional derivatives along random geometry directions (rotation, translation, shape and expression together),
    /// with all terms or with the identity term alone (so that its path image → renderer → vertices is checked on its
    /// own). The face fills the 112-pixel image, frontal and seen through a narrow field of view, so that no pixel
    /// enters or leaves the mask and hardly any changes triangle under the steps (the renderer does not differentiate
    /// visibility changes: with the head turned, the nose's occluding edge alone puts the identity term's finite
    /// difference about 9 % off). Steps move pixels by about 0.003 px. Tolerances: 0.1 % with all terms; 10 % for the identity
    /// term alone, whose value changes by ~1e-5 under the steps while the recogniser runs in float: per-variable
    /// differences scatter by several per cent around the analytic value at every step size, without a bias. A wrong
    /// path (sign, a missing chain factor, no flow into the vertices) is off by far more; the shading-normal part of the
    /// chain is held to 0.1 % by the all-terms case.
    /// </summary>
    [FacePluginTheory]
    [MemberData(nameof(Terms))]
    public void The_geometry_gradient_of_the_combined_objective_matches_finite_differences(bool allTerms)
    {
        using JointScene scene = JointScene.Create(112, fraction: 1.6, yaw: 0, fieldOfView: 8);
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        GenerativeTextureWeights weights = allTerms
            ? new GenerativeTextureWeights { Landmark = 0.08, PriorIdentity = 1e-2, PriorExpression = 1e-2 }
            : new GenerativeTextureWeights { Photometric = 0, Identity = 1, Landmark = 0, PriorIdentity = 0, PriorExpression = 0, PriorLatent = 0, PriorLighting = 0 };
        var identity = new IdentityLoss(network, scene.Photo, scene.Size, scene.Size, scene.Landmarks, new IdentityLossWeights(weights.Identity, 0));
        double[] start = scene.Perturbed(0.01, 1, 0.3, seed: 3);
        var objective = new GenerativeTextureObjective(scene.Chain, start, scene.Photo, scene.Generator, identity, scene.Lighting, weights, geometryActive: true);
        int n = objective.GeometryCount;
        double tolerance = allTerms ? 1e-3 : 0.1;
        var x = new double[objective.Dimension];
        start.CopyTo(x, 0);
        var random = new StableRandom(29);
        for (int i = n; i < x.Length - SphericalHarmonics.CoefficientCount; i++)
        {
            x[i] = random.NextGaussian();
        }

        // A render far from the photo (another texture, dimmer light), so that every term has a sizeable gradient.
        scene.Lighting.Select(v => 0.7 * v).ToArray().CopyTo(x, x.Length - SphericalHarmonics.CoefficientCount);
        var gradient = new double[x.Length];
        double value = objective.EvaluateNatural(x, gradient);
        int mask = objective.Renderer.MaskPixels.Length;
        output.WriteLine($"E = {value:G6}, mask {mask} of {scene.Size * scene.Size} pixels, identity cos {objective.Last.Identity.Cosine:F4}");
        Assert.Equal(scene.Size * scene.Size, objective.Renderer.CoveredPixels.Length);

        var scratch = new double[x.Length];
        var probe = new double[x.Length];
        for (int trial = 0; trial < 4; trial++)
        {
            // A direction in natural units: milliradians, tenths of a millimetre, hundredths of σ.
            var d = new double[x.Length];
            for (int k = 0; k < n; k++)
            {
                d[k] = random.NextGaussian() * (k < 3 ? 1e-3 : k < 6 ? 0.1 : 0.01);
            }

            double analytic = 0;
            for (int k = 0; k < n; k++)
            {
                analytic += gradient[k] * d[k];
            }

            const double h = 0.01;
            for (int k = 0; k < x.Length; k++)
            {
                probe[k] = x[k] + (h * d[k]);
            }

            double plus = objective.EvaluateNatural(probe, scratch);
            Assert.Equal(mask, objective.Renderer.MaskPixels.Length);
            for (int k = 0; k < x.Length; k++)
            {
                probe[k] = x[k] - (h * d[k]);
            }

            double minus = objective.EvaluateNatural(probe, scratch);
            Assert.Equal(mask, objective.Renderer.MaskPixels.Length);
            double fd = (plus - minus) / (2 * h);
            output.WriteLine($"direction {trial}: analytic {analytic:G6}, finite difference {fd:G6}");
            Assert.True(Math.Abs(analytic) > 1e-7, $"direction {trial}: the geometry gradient is {analytic:G3} along it (nothing to check)");
            Assert.True(Math.Abs(fd - analytic) <= tolerance * Math.Max(Math.Abs(fd), Math.Abs(analytic)), $"direction {trial}: analytic {analytic:G8}, finite difference {fd:G8}");
        }
    }

    /// <summary>
    /// A synthetic photo whose geometry is known, the last stage started from that geometry moved (3° rotation, 3 mm,
    /// half a σ per coefficient): with the geometry variable it ends at a lower total loss than with it frozen, and its
    /// geometry is nearer the truth (camera-frame vertex error and landmark error both fall).
    /// </summary>
    [FacePluginFact]
    public void On_a_synthetic_photo_the_joint_stage_moves_the_geometry_towards_the_truth_and_lowers_the_loss()
    {
        using JointScene scene = JointScene.Create(112, fraction: 0.6, yaw: 15);
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        double[] start = scene.Perturbed(0.05, 3, 0.5, seed: 11);
        double[] lighting = [.. scene.Lighting.Select(v => 0.8 * v)];
        GenerativeTextureFit Run(bool joint) =>
            new GenerativeTextureFitter(scene.Generator, network, new GenerativeTextureWeights()) { PhotometricIterations = 20, Iterations = 20, JointIterations = 40, JointGeometry = joint }
                .Fit(scene.Chain, start, scene.Photo, scene.Landmarks, lighting);

        GenerativeTextureFit kept = Run(joint: false);
        GenerativeTextureFit joint = Run(joint: true);
        double startError = scene.CameraFrameError(start, scene.Truth), jointError = scene.CameraFrameError(joint.Geometry, scene.Truth);
        output.WriteLine($"geometry kept: total {kept.Total:G6}, MAE {kept.PhotometricMae:F2}, landmarks {kept.LandmarkRmsePx:F2} px, vertex error {scene.CameraFrameError(kept.Geometry, scene.Truth):F2} mm, {kept.FitTimeMs:F0} ms");
        output.WriteLine($"geometry fitted: total {joint.Total:G6} (from {joint.StartTotal:G6}), MAE {joint.PhotometricMae:F2}, landmarks {joint.LandmarkRmsePx:F2} px, vertex error {startError:F2} → {jointError:F2} mm, {joint.FitTimeMs:F0} ms");
        Assert.Equal(start, kept.Geometry);
        Assert.True(joint.Total < kept.Total, $"total loss with the geometry fitted {joint.Total:G6}, kept {kept.Total:G6}");
        Assert.True(jointError < 0.7 * startError, $"camera-frame vertex error {startError:F3} → {jointError:F3} mm");
        Assert.True(joint.LandmarkRmsePx < kept.LandmarkRmsePx, $"landmark RMSE {kept.LandmarkRmsePx:F3} → {joint.LandmarkRmsePx:F3} px");
    }

    /// <summary>
    /// LFPW image_0010 through GANFIT's schedule (landmarks, photometric fit, generator): with the geometry fitted the
    /// all-terms loss ends below the frozen geometry's (the joint stage continues from it, so it is never above; below
    /// means the geometry took steps that paid); the landmark NME may rise a little, as the last stage
    /// trades landmark error against pixels and identity, but by at most 0.01 (1 % of the outer-eye-corner distance,
    /// below the spread between human annotators of 300-W-style landmarks, Sagonas et al. 2016); and the identity term
    /// still raises the identity cosine when the geometry moves with it.
    /// </summary>
    [FacePluginFact]
    public void On_a_real_photo_the_joint_stage_does_not_raise_the_loss_nor_blow_up_the_landmarks()
    {
        (ITextureModel linear, PhotometricFitter fitter, PhotometricFit fit, double[] crop, Point2[] cropLandmarks) = LfpwPhotometricFit.Run();
        double[] geometry = fit.GeometryVariables();

        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        using OnnxTextureGenerator generator = TestTextureDecoder.Create(linear);
        GenerativeTextureFit Run(bool joint, double identity) =>
            new GenerativeTextureFitter(generator, network, new GenerativeTextureWeights { Identity = identity }) { PhotometricIterations = 30, Iterations = 30, JointGeometry = joint }
                .Fit(fitter.Objective.Geometry, geometry, crop, cropLandmarks, fit.Lighting);
        double Nme(GenerativeTextureFit g) => LandmarkError.Nme(g.FittedLandmarks, cropLandmarks);

        GenerativeTextureFit kept = Run(joint: false, identity: 0.2);
        GenerativeTextureFit joint = Run(joint: true, identity: 0.2);
        GenerativeTextureFit jointOff = Run(joint: true, identity: 0);
        foreach ((string name, GenerativeTextureFit g) in new[] { ("kept", kept), ("joint", joint), ("joint, identity off", jointOff) })
        {
            output.WriteLine($"{name}: total {g.Total:G6} (stage start {g.StartTotal:G6}), cosine {g.IdentityCosine:F4}, MAE {g.PhotometricStageMae:F2} → {g.PhotometricMae:F2}, NME {Nme(g):F4}, {g.FitTimeMs:F0} ms, iterations {g.Iterations}");
        }

        Assert.True(joint.Iterations.Joint > 0, "the joint stage took no step");
        Assert.True(joint.Total < kept.Total, $"total loss with the geometry fitted {joint.Total:G8}, kept {kept.Total:G8}");
        Assert.True(Nme(joint) <= Nme(kept) + 0.01, $"NME kept {Nme(kept):F4}, fitted {Nme(joint):F4}");
        Assert.NotEqual(kept.Geometry, joint.Geometry);
        Assert.True(joint.IdentityCosine > jointOff.IdentityCosine, $"identity cosine (geometry fitted) with the identity loss {joint.IdentityCosine:F4}, without {jointOff.IdentityCosine:F4}");
    }
}
