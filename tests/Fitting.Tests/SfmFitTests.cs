using System.Buffers.Binary;
using System.Globalization;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Fitting.Tests;

/// <summary>The fitter on the real Surrey Face Model: synthetic faces drawn from it, and the LFPW photo.</summary>
public sealed class SfmFitTests(ITestOutputHelper output)
{
    private const string ShapeFile = "models/sfm/sfm_shape_3448.bin";
    private const string PhotoPoints = "data/lfpw-sample/image_0010.pts";
    private static readonly Lazy<LinearMorphableModel> Sfm = new(() => SfmModelReader.ReadWithSiblings(RepositoryPaths.Shared(ShapeFile)));

    [SharedDataFact(ShapeFile)]
    public void Noise_free_sfm_fit_reaches_the_accuracy_targets()
    {
        var basis = new LandmarkBasis(Sfm.Value);
        var fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { PriorIdentity = 1e-3, PriorExpression = 1e-3, Iterations = 1000 });
        var random = new Random(31);
        for (int trial = 0; trial < 8; trial++)
        {
            SyntheticFace face = SyntheticFace.Draw(basis, random);
            fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
            double rmse = FitterTests.Rmse(fitter.FittedLandmarks, face.TrueLandmarks);
            (double fitted, double mean) = FitterTests.ShapeErrors(Sfm.Value, fitter.Coefficients, face.Coefficients);
            output.WriteLine($"yaw {face.Angles.Yaw,6:F1}: RMSE {rmse:F4} px, 3D RMS {fitted:F2} mm vs mean shape {mean:F2} mm ({100 * (1 - (fitted / mean)):F0}% lower), " +
                $"iterations {fitter.RigidReport.Iterations}+{fitter.NonRigidReport.Iterations}");
            Assert.True(rmse < 0.1, $"2D RMSE {rmse:F4} px");
            Assert.True(fitted <= 0.6 * mean, $"3D error {fitted:F2} mm is not 40% below the mean shape's {mean:F2} mm");
        }
    }

    [SharedDataFact(ShapeFile)]
    public void Noisy_sfm_fit_stays_near_the_noise_floor()
    {
        // Noise floor = RMSE of the noisy observations against the true landmarks; the fit is measured against the
        // true landmarks too and must stay within 15% of that floor (it must not amplify the noise).
        var basis = new LandmarkBasis(Sfm.Value);
        var fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { PriorIdentity = 4, PriorExpression = 4 });
        var random = new Random(32);
        double sumFit = 0, sumFloor = 0;
        const int trials = 20;
        for (int trial = 0; trial < trials; trial++)
        {
            SyntheticFace face = SyntheticFace.Draw(basis, random, noisePx: 2);
            fitter.Fit(face.Observed, face.Camera.FocalLength, face.Camera.Cx, face.Camera.Cy);
            sumFit += Math.Pow(FitterTests.Rmse(fitter.FittedLandmarks, face.TrueLandmarks), 2);
            sumFloor += Math.Pow(FitterTests.Rmse(face.Observed, face.TrueLandmarks), 2);
        }

        double fit = Math.Sqrt(sumFit / trials), floor = Math.Sqrt(sumFloor / trials);
        output.WriteLine($"σ = 2 px: fit RMSE vs truth {fit:F3} px, noise floor {floor:F3} px, ratio {fit / floor:F3}");
        Assert.True(fit <= 1.15 * floor, $"fit {fit:F3} px vs floor {floor:F3} px");
    }

    [SharedDataFact(ShapeFile, PhotoPoints)]
    public void Lfpw_photo_reprojection_error_is_below_4_px()
    {
        Point2[] landmarks = ReadPts(RepositoryPaths.Shared(PhotoPoints));
        ImageSize size = ReadPngSize(RepositoryPaths.Shared("data/lfpw-sample/image_0010.png"));
        LinearMorphableModel model = Sfm.Value;
        var fitter = new LandmarkFitter(model);
        CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(size.Width, size.Height, 40);
        fitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        (double mapped, int count, double contour) = Errors(fitter, landmarks, model);
        output.WriteLine($"LFPW image_0010: mean error of the {count} mapped landmarks {mapped:F2} px, of the contour landmarks {contour:F2} px; " +
            $"RMSE {fitter.RmsePx:F2} px over {fitter.LandmarksUsed}; yaw {Geometry.HeadPose.ToHeadAngles(fitter.Rotation).Yaw:F1}°; {fitter.FitTimeMs:F2} ms");
        Assert.Equal(50, count);
        Assert.True(mapped < 4, $"mean reprojection error {mapped:F2} px");
    }

    internal static (double Mapped, int Count, double Contour) Errors(LandmarkFitter fitter, Point2[] observed, IMorphableModel model)
    {
        double sum = 0, contourSum = 0;
        int count = 0, contourCount = 0;
        for (int i = 0; i < 68; i++)
        {
            Point2 fitted = fitter.FittedLandmarks[i];
            if (!fitted.IsValid)
            {
                continue;
            }

            if (model.Landmarks.Points[i].IsMapped && fitter.Basis.ContourSide(i) < 0)
            {
                sum += fitted.DistanceTo(observed[i]);
                count++;
            }
            else
            {
                contourSum += fitted.DistanceTo(observed[i]);
                contourCount++;
            }
        }

        return (sum / count, count, contourCount > 0 ? contourSum / contourCount : double.NaN);
    }

    /// <summary>Reads an iBUG .pts file (1-based pixel coordinates, converted to 0-based).</summary>
    internal static Point2[] ReadPts(string path)
    {
        var points = new List<Point2>();
        bool inside = false;
        foreach (string line in File.ReadLines(path))
        {
            string trimmed = line.Trim();
            if (trimmed == "{")
            {
                inside = true;
            }
            else if (trimmed == "}")
            {
                break;
            }
            else if (inside && trimmed.Length > 0)
            {
                string[] parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                points.Add(new Point2(double.Parse(parts[0], CultureInfo.InvariantCulture) - 1, double.Parse(parts[1], CultureInfo.InvariantCulture) - 1));
            }
        }

        return [.. points];
    }

    /// <summary>Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian).</summary>
    internal static ImageSize ReadPngSize(string path)
    {
        Span<byte> header = stackalloc byte[24];
        using FileStream stream = File.OpenRead(path);
        stream.ReadExactly(header);
        return new ImageSize(BinaryPrimitives.ReadInt32BigEndian(header[16..]), BinaryPrimitives.ReadInt32BigEndian(header[20..]));
    }
}
