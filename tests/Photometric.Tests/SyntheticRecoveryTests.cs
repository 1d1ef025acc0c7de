using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;

namespace Facebench.Photometric.Tests;

/// <summary>
/// Recovery on exact ground truth: noise-free renders of the reference head (dataset.rendered) refitted by
/// fit.landmarks then fit.photometric. The photometric fit must match the photo to under half a grey level on average
/// (resampling to the 224-pixel crop and 8-bit quantisation are all that is left), and its face shape must be closer to
/// the truth than the landmark-only fit's.
/// </summary>
public sealed class SyntheticRecoveryTests
{
    private const int Faces = 8;

    [Fact]
    public void Noise_free_renders_are_refitted_below_half_a_grey_level_with_a_better_shape_than_landmarks_alone()
    {
        var context = PluginScene.Context(seed: 5);
        IMorphableModel model = PluginScene.Model(context);
        ITextureModel texture = PluginScene.Texture(context);
        var landmarks = PluginScene.LandmarkStage(context);
        var photometric = PluginScene.PhotometricStage(context);
        int[] region = [.. Enumerable.Range(0, model.VertexCount).Where(v => texture.FaceRegion[v] > 0.5f)];

        var lines = new List<string>();
        double landmarkRigid = 0, photometricRigid = 0, landmarkShape = 0, photometricShape = 0, error = 0;
        int better = 0;
        foreach (Sample rendered in PluginScene.Rendered(context, Faces))
        {
            Sample sample = photometric.Process(landmarks.Process(rendered, CancellationToken.None), CancellationToken.None);
            PhotometricFitResult fit = sample.Get(PhotometricFacets.Fit);
            FaceParameters truth = sample.Get(MorphableFacets.TrueParameters);
            LandmarkFitResult landmarkOnly = sample.Get(new FacetKey<LandmarkFitResult>("landmark_fit.landmarks_only"));
            float[] t = Mesh(model, truth, region), l = Mesh(model, landmarkOnly.Parameters, region), p = Mesh(model, fit.Parameters, region);

            // Face shape after similarity alignment (one view fixes no absolute size; NoW compares the same way), and rigid.
            double ls = SimilarityAlignment.MeanVertexError(l, t), ps = SimilarityAlignment.MeanVertexError(p, t);
            double lr = RigidAlignment.MeanVertexError(l, t), pr = RigidAlignment.MeanVertexError(p, t);
            landmarkShape += ls;
            photometricShape += ps;
            landmarkRigid += lr;
            photometricRigid += pr;
            error += fit.PhotometricError;
            better += ps < ls ? 1 : 0;
            lines.Add($"{sample.Id}: {fit.PhotometricError:F3} grey levels (landmark fit's geometry: {fit.InitialPhotometricError:F3}); face shape {ls:F3} → {ps:F3} mm (rigid {lr:F2} → {pr:F2})");
            Assert.True(fit.PhotometricError < 0.5, string.Join("\n", lines));
            Assert.True(fit.PhotometricError < fit.InitialPhotometricError, string.Join("\n", lines));
        }

        string report = string.Join("\n", lines);
        Assert.True(error / Faces < 0.5, report);
        Assert.True(photometricShape < 0.5 * landmarkShape, $"mean face-shape error {photometricShape / Faces:F3} mm vs landmarks {landmarkShape / Faces:F3} mm\n{report}");
        Assert.True(photometricRigid < landmarkRigid, $"mean rigid face error {photometricRigid / Faces:F3} mm vs landmarks {landmarkRigid / Faces:F3} mm\n{report}");
        Assert.True(better >= Faces - 1, $"better in {better} of {Faces}\n{report}");
    }

    private static float[] Mesh(IMorphableModel model, FaceParameters parameters, int[] region)
    {
        var vertices = new float[3 * model.VertexCount];
        model.Evaluate(parameters.Identity, parameters.Expression, vertices);
        var selected = new float[3 * region.Length];
        for (int i = 0; i < region.Length; i++)
        {
            vertices.AsSpan(3 * region[i], 3).CopyTo(selected.AsSpan(3 * i, 3));
        }

        return selected;
    }
}
