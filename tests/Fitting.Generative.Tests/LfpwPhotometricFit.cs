using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Photometric;
using Facebench.Imaging;
using Facebench.Morphable;
using Facebench.Testing;

namespace Facebench.Fitting.Generative.Tests;

/// <summary>
/// The first two stages of GANFIT's schedule on the real LFPW image_0010, as fit.texture-gan runs them: the reference
/// head fitted to the annotated landmarks, then to the pixels with its linear procedural albedo; with the crop and
/// the landmarks in crop pixels that the generator stage takes.
/// </summary>
internal sealed record LfpwPhotometricFit(ITextureModel Linear, PhotometricFitter Fitter, PhotometricFit Fit, double[] Crop, Point2[] CropLandmarks)
{
    public static LfpwPhotometricFit Run()
    {
        ImageBuffer photo = ImageCodec.Load(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png"));
        Point2[] landmarks = PtsFile.Read(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.pts"));
        IMorphableModel model = ReferenceModelBuilder.Build();
        ITextureModel linear = ReferenceAlbedoBuilder.Build(ReferenceAlbedoBuilder.MaxComponents);
        CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(photo.Width, photo.Height, 40);
        var landmarkFitter = new LandmarkFitter(model, new LandmarkFitterOptions { Contours = false });
        landmarkFitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        var fitter = new PhotometricFitter(model, linear, new PhotometricFitterOptions { Contours = false });
        PhotometricFit fit = fitter.Fit(photo, camera, landmarks, landmarkFitter.ToResult(camera));
        double k = fitter.Objective.Renderer.Width / fit.Crop.Width;
        Point2[] cropLandmarks = [.. landmarks.Select(p => new Point2(((p.X - fit.Crop.X + 0.5) * k) - 0.5, ((p.Y - fit.Crop.Y + 0.5) * k) - 0.5))];
        return new LfpwPhotometricFit(linear, fitter, fit, fitter.Objective.Photo.ToArray(), cropLandmarks);
    }
}
