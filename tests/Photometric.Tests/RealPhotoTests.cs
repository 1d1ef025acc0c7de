using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Models;
using Facebench.Plugins.Texture.Models;
using Facebench.Testing;

namespace Facebench.Photometric.Tests;

/// <summary>
/// Real photos: the Surrey Face Model, which ships no texture, gets one built from dlib's 18 example faces
/// (texture.from-photos), and is then fitted to the LFPW photo of the shared data, first by its 68 annotated landmarks,
/// then photometrically. The photometric fit must lower the photometric error and keep the landmark error within 10%.
/// </summary>
public sealed class RealPhotoTests
{
    [SharedDataFact("models/sfm/sfm_shape_3448.bin", "data/dlib-faces/training_with_face_landmarks.xml", "data/lfpw-sample/image_0010.png", "data/lfpw-sample/image_0010.pts")]
    public void LFPW_photometric_fit_lowers_the_photo_error_and_keeps_the_landmarks()
    {
        var context = new TestPluginContext();
        var sfm = new SfmModelPlugin();
        sfm.Initialize(new SfmModelOptions { Path = RepositoryPaths.Shared("models", "sfm", "sfm_shape_3448.bin") }, context);
        context.WithComponent("model", sfm);
        var texture = new PhotoTexturePlugin();
        texture.Initialize(new PhotoTextureOptions { DlibXml = RepositoryPaths.Shared("data", "dlib-faces", "training_with_face_landmarks.xml") }, context);
        context.WithComponent("texture", texture);

        // The texture model: from the 18 faces, disclosed, skin-coloured, covering most of the face.
        var model = (PhotoTextureModel)texture.Instance;
        Assert.Equal(18, model.TrainingMakeup.Total);
        Assert.Equal(18, model.Faces.Count);
        Assert.Equal(10, model.ComponentCount);
        float[] mean = model.Mean.ToArray();
        double r = mean.Where((_, i) => i % 3 == 0).Average(), g = mean.Where((_, i) => i % 3 == 1).Average(), b = mean.Where((_, i) => i % 3 == 2).Average();
        Assert.True(r > g && g > b && r is > 0.35 and < 0.85, $"mean albedo ({r:F3}, {g:F3}, {b:F3}) is not skin-like");
        Assert.InRange(model.FaceRegion.ToArray().Count(w => w > 0.5f), 0.5 * model.VertexCount, model.VertexCount);

        string image = RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png");
        var sample = new Sample("image_0010.png") { ImagePath = image }.With(CoreFacets.Landmarks, PtsFile.Read(Path.ChangeExtension(image, ".pts")));
        var stage = PluginScene.PhotometricStage(context, o => { o.LandmarkFit = "landmark_fit"; o.Contours = true; o.FitFacet = ""; });
        PhotometricFitResult fit = stage.Process(sample, CancellationToken.None).Get(PhotometricFacets.Fit);

        string summary = $"photometric error {fit.InitialPhotometricError:F2} → {fit.PhotometricError:F2} grey levels, NME {fit.InitialLandmarkNme:F4} → {fit.LandmarkNme:F4}";
        Assert.True(fit.PhotometricError < 0.8 * fit.InitialPhotometricError, summary);
        Assert.True(fit.LandmarkNme <= 1.1 * fit.InitialLandmarkNme, summary);
        Assert.True(fit.InitialLandmarkNme < 0.03, summary);
    }
}
