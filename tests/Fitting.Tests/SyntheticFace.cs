using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Fitting.Tests;

/// <summary>
/// A face drawn from a model for the fitter tests: coefficients from the N(0, 1) prior, a head pose, a 640×480
/// pinhole camera, and its 68 landmarks. Static landmarks are the projections of their bindings; the p-th contour
/// landmark of a side is the projection of that side's candidate 2p, so it lies exactly on the candidate outline
/// the fitter slides along (the noise-free optimum then has zero residual).
/// </summary>
internal sealed record SyntheticFace(double[] Coefficients, Mat3 Rotation, Vec3 Translation, HeadAngles Angles, Point2[] TrueLandmarks, Point2[] Observed, CameraIntrinsics Camera)
{
    public static SyntheticFace Draw(LandmarkBasis basis, Random random, double maxYawDegrees = 45, double noisePx = 0, double expressionScale = 0.5)
    {
        double[] c = new double[basis.ComponentCount];
        for (int k = 0; k < c.Length; k++)
        {
            c[k] = Gaussian(random) * (k < basis.IdentityCount ? 1 : expressionScale);
        }

        var angles = new HeadAngles(Uniform(random, maxYawDegrees), Uniform(random, 15), Uniform(random, 10));
        Mat3 r = HeadPose.CameraFromModel(angles);
        var t = new Vec3(Uniform(random, 30), Uniform(random, 30), 600 + Uniform(random, 100));
        CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(640, 480, 40);
        Point2[] truth = Landmarks(basis, c, r, t, camera);
        Point2[] observed = new Point2[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            observed[i] = truth[i].IsValid ? new Point2(truth[i].X + (noisePx * Gaussian(random)), truth[i].Y + (noisePx * Gaussian(random))) : Point2.Missing;
        }

        return new SyntheticFace(c, r, t, angles, truth, observed, camera);
    }

    public static Point2[] Landmarks(LandmarkBasis basis, double[] c, Mat3 r, Vec3 t, CameraIntrinsics camera)
    {
        Point2[] points = new Point2[LandmarkEmbedding.IbugCount];
        Span<double> xyz = stackalloc double[3];
        LandmarkEmbedding embedding = basis.Model.Landmarks;
        for (int i = 0; i < points.Length; i++)
        {
            int side = basis.ContourSide(i);
            if (side >= 0 && basis.HasContours)
            {
                IReadOnlyList<int> list = side == 0 ? embedding.RightContourLandmarks : embedding.LeftContourLandmarks;
                int position = list.ToList().IndexOf(i);
                int candidate = (side == 0 ? 0 : basis.RightCandidateCount) + (2 * position);
                basis.EvaluateCandidate(candidate, c, xyz);
            }
            else if (basis.IsMapped(i))
            {
                basis.EvaluateLandmark(i, c, xyz);
            }
            else
            {
                points[i] = Point2.Missing;
                continue;
            }

            points[i] = Pinhole.Project(camera, (r * Vec3.Read(xyz)) + t);
        }

        return points;
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Uniform(Random random, double halfRange) => ((random.NextDouble() * 2) - 1) * halfRange;
}
