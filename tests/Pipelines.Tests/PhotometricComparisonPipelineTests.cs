using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;
using Facebench.Imaging;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>
/// The photometric comparison of models through the host: pipelines/compare-photometric.yaml on rendered faces of the
/// embedded reference head, and pipelines/compare-photometric-photos.yaml on every real photo the project has.
/// </summary>
public sealed class PhotometricComparisonPipelineTests
{
    private const string Astronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png|python3-skimage";

    [AssetFact("models/sfm/sfm_shape_3448.bin", "data/dlib-faces/training_with_face_landmarks.xml", Assets.FacePluginFeature)]
    public async Task Every_configured_model_is_fitted_to_the_same_renders_and_reported_side_by_side()
    {
        using var run = await PipelineRun.Start("compare-photometric", "source.with.count=2");

        Assert.Equal(0, run.ExitCode);
        List<Sample> samples = run.Samples;
        Assert.Equal(2, samples.Count);
        foreach (Sample s in samples)
        {
            foreach (string model in new[] { "reference", "sfm" })
            {
                Assert.True(s.Has(new FacetKey<PhotometricFitResult>($"photometric_fit.{model}")), $"{s.Id} has no photometric fit by {model}");
                Assert.True(s.Has(new FacetKey<LandmarkFitResult>($"landmark_fit.{model}")), $"{s.Id} has no landmark-only fit by {model}");
                Assert.True(s.Has(PhotometricFacets.Preview($"photometric_fit.{model}")), $"{s.Id} has no stored preview by {model}");
                PhotometricFitResult fit = s.Get(new FacetKey<PhotometricFitResult>($"photometric_fit.{model}"));
                AssertCosine(fit.InitialIdentityCosine, $"{s.Id}, {model}, start");
                AssertCosine(fit.IdentityCosine, $"{s.Id}, {model}, fit");
            }

            Assert.False(s.Has(new FacetKey<PhotometricFitResult>("photometric_fit.flame")), "FLAME is not configured, so it is not fitted");
        }

        // The reference head refits its own noise-free renders: pixels and 3D landmarks end below the landmark-only start.
        IReadOnlyDictionary<string, double> m = run.Metrics;
        const string key = "report.photometric-comparison.";
        Assert.True(m[key + "photometric_error.reference"] < 0.5, $"reference: {m[key + "photometric_error.reference"]:F3} grey levels");
        Assert.True(m[key + "landmark_3d_error.reference"] < m[key + "landmark_3d_error_start.reference"], "the photometric fit lowers the 3D error");
        // SFM, whose albedo was learnt from photos, cannot match the procedural skin: it is measured, not held to a bound.
        Assert.True(m.ContainsKey(key + "photometric_error.sfm") && m.ContainsKey(key + "landmark_3d_error.sfm") && m.ContainsKey(key + "fit_ms_median.sfm"));
        // The identity cosine column: fr_feature's embeddings of the render over the photo and of the photo.
        foreach (string model in new[] { "reference", "sfm" })
        {
            AssertCosine(m[key + "identity_cosine." + model], model);
            AssertCosine(m[key + "identity_cosine_start." + model], model + " start");
        }

        // The report: the table, the notes on the models that are not configured, and one photo | render | error figure per model and sample.
        string report = File.ReadAllText(Path.Combine(run.Directory, "report.md"));
        Assert.Contains("Models side by side", report, StringComparison.Ordinal);
        Assert.Contains("identity cosine", report, StringComparison.Ordinal);
        Assert.DoesNotContain("no recogniser is configured", report, StringComparison.Ordinal);
        Assert.Contains("Skipped 'flame'", report, StringComparison.Ordinal);
        Assert.Contains("Skipped 'bfm'", report, StringComparison.Ordinal);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(run.Directory, "report.html")), StringComparison.Ordinal);
        foreach (string model in new[] { "reference", "sfm" })
        {
            string figure = Path.Combine(run.Directory, "figures", $"report.photometric-comparison-photometric-rendered-000000-{model}.png");
            Assert.True(File.Exists(figure), $"no figure {figure}");
            var image = ImageCodec.Load(figure);
            Assert.True(image.Width > 3 * image.Height, "four panels side by side");
        }
    }

    [SharedDataFact("models/sfm/sfm_shape_3448.bin", "data/dlib-faces/training_with_face_landmarks.xml")]
    public async Task Without_a_recogniser_the_identity_cosine_reads_n_a_and_the_rest_is_reported()
    {
        // The recogniser left out of both fits (stages[0] and [1] are the reference head and SFM).
        using var run = await PipelineRun.Start("compare-photometric", "source.with.count=1", "stages[0].with.recogniser=", "stages[1].with.recogniser=");

        Assert.Equal(0, run.ExitCode);
        Sample s = Assert.Single(run.Samples);
        PhotometricFitResult fit = s.Get(new FacetKey<PhotometricFitResult>("photometric_fit.sfm"));
        Assert.True(double.IsNaN(fit.IdentityCosine) && double.IsNaN(fit.InitialIdentityCosine), "no recogniser, no cosine");
        Assert.False(run.Metrics.ContainsKey("report.photometric-comparison.identity_cosine.sfm"));
        Assert.True(run.Metrics.ContainsKey("report.photometric-comparison.photometric_error.sfm"));
        string report = File.ReadAllText(Path.Combine(run.Directory, "report.md"));
        Assert.Contains("no recogniser is configured", report, StringComparison.Ordinal);
        Assert.Contains("n/a", report, StringComparison.Ordinal);
    }

    [AssetFact("models/sfm/sfm_shape_3448.bin", "data/lfpw-sample/image_0010.png", "data/dlib-faces/training_with_face_landmarks.xml", Assets.FrontalFace, Assets.DlibModel, Astronaut, Assets.FacePluginFeature)]
    public async Task On_every_real_photo_the_SFM_photometric_fit_lowers_the_pixel_error_and_keeps_the_landmarks()
    {
        using var run = await PipelineRun.Start("compare-photometric-photos");

        Assert.Equal(0, run.ExitCode);
        List<Sample> samples = run.Samples;
        Assert.Equal(["astronaut.png", "dlib-faces/2007_007763.jpg", "dlib-faces/2008_001009.jpg", "dlib-faces/2008_001322.jpg", "dlib-faces/2008_002079.jpg", "lfpw-sample/image_0010.png"], samples.Select(s => s.Id).Order(StringComparer.Ordinal));
        foreach (Sample s in samples)
        {
            PhotometricFitResult fit = s.Get(new FacetKey<PhotometricFitResult>("photometric_fit.sfm"));
            LandmarkFitResult start = s.Get(new FacetKey<LandmarkFitResult>("landmark_fit.sfm"));

            // Landmark error against the annotation where the photo has one (LFPW), else against dlib's landmarks.
            Point2[] reference = s.TryGet(CoreFacets.TrueLandmarks, out Point2[] truth) ? truth : s.Get(CoreFacets.Landmarks);
            double before = LandmarkError.Nme(start.FittedLandmarks, reference), after = LandmarkError.Nme(fit.FittedLandmarks, reference);
            string summary = $"{s.Id}: photometric error {fit.InitialPhotometricError:F2} → {fit.PhotometricError:F2} grey levels, NME {100 * before:F2} → {100 * after:F2} %";
            Assert.True(fit.PhotometricError < fit.InitialPhotometricError, summary);
            Assert.True(after <= 1.1 * before, summary);
            Assert.True(fit.MaskPixels > 5000, $"{summary}: a face mask of only {fit.MaskPixels} pixels");
            AssertCosine(fit.InitialIdentityCosine, summary + ", identity cosine at the start");
            AssertCosine(fit.IdentityCosine, summary + ", identity cosine after the fit");
            string figure = $"report.photometric-comparison-photometric-{new string([.. s.Id.Select(c => char.IsLetterOrDigit(c) ? c : '-')])}-sfm.png";
            Assert.True(File.Exists(Path.Combine(run.Directory, "figures", figure)), $"no figure {figure}");
        }

        // fr_feature finds SFM's photometric fits closer to the photos than its landmark-only starts, on average over
        // the photos (not on every photo: on the two whose skin SFM's albedo model was built from it starts above 0.9).
        IReadOnlyDictionary<string, double> m = run.Metrics;
        Assert.True(m["report.photometric-comparison.identity_cosine.sfm"] > m["report.photometric-comparison.identity_cosine_start.sfm"],
            $"SFM identity cosine {m["report.photometric-comparison.identity_cosine_start.sfm"]:F3} → {m["report.photometric-comparison.identity_cosine.sfm"]:F3}");

        string report = File.ReadAllText(Path.Combine(run.Directory, "report.md"));
        Assert.Contains("Per photo: landmark-only → photometric fit", report, StringComparison.Ordinal);
        Assert.Contains("By group", report, StringComparison.Ordinal);
        Assert.Contains("Fitting disparity by group", report, StringComparison.Ordinal);
        Assert.Contains("too few for a CI", report, StringComparison.Ordinal); // LFPW is one photo
        Assert.Contains("1 fitted sample(s) lack the label", report, StringComparison.Ordinal); // the astronaut, once for all models
        Assert.Contains("identity cosine", report, StringComparison.Ordinal);
    }

    private static void AssertCosine(double cosine, string what) =>
        Assert.True(cosine is >= -1 and <= 1, $"{what}: identity cosine {cosine} is not a cosine");

    [AssetFact("models/sfm/sfm_shape_3448.bin", "data/lfpw-sample/image_0010.png", "data/dlib-faces/training_with_face_landmarks.xml", Assets.FrontalFace, Assets.DlibModel, Assets.FacePluginFeature)]
    public async Task A_photo_without_a_face_fails_alone_and_names_itself()
    {
        string folder = Path.Combine(Path.GetTempPath(), "facebench-no-face-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            // A flat grey picture: no face for the cascade to find.
            ImageCodec.SavePng(new Contracts.Imaging.ImageBuffer(240, 200, Contracts.Imaging.PixelFormat.Rgb24, Enumerable.Repeat((byte)128, 240 * 200 * 3).ToArray()), Path.Combine(folder, "blank.png"));
            string photo = RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png");
            using var run = await PipelineRun.Start("compare-photometric-photos", $"source.with.path={folder}", $"source.with.files=[{photo}]");

            Assert.Equal(1, run.ExitCode); // some samples failed; the run is complete
            Sample blank = Assert.Single(run.Samples, s => s.Id == "blank.png");
            Assert.True(blank.Failed);
            Assert.Contains("no face found", blank.Error!.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "blank.png"), blank.Error.Message, StringComparison.Ordinal);
            Sample lfpw = Assert.Single(run.Samples, s => s.Id == "image_0010.png");
            Assert.False(lfpw.Failed, lfpw.Error?.Message);
            Assert.True(lfpw.Has(new FacetKey<PhotometricFitResult>("photometric_fit.sfm")));
            Assert.Contains("Models side by side", File.ReadAllText(Path.Combine(run.Directory, "report.md")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
