using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Morphable.Reference;

namespace Facebench.Fitting.Benchmarks;

/// <summary>
/// The model and the faces the benchmarks fit: the Surrey Face Model from <c>../shared/models/sfm</c> (or
/// <c>$FACEBENCH_SHARED</c>), falling back to the built-in reference head when the shared folder is missing; faces
/// drawn from the model's prior (fixed seed) with yaw in ±45°, a 640×480 camera with a 40° field of view, and 1 px
/// landmark noise. Contour landmarks lie on the model's contour candidate outline.
/// </summary>
internal static class BenchmarkFaces
{
    public static IMorphableModel LoadModel()
    {
        string? shared = Environment.GetEnvironmentVariable("FACEBENCH_SHARED");
        if (string.IsNullOrEmpty(shared))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Facebench.sln")))
                {
                    shared = Path.Combine(dir.FullName, "..", "shared");
                    break;
                }
            }
        }

        string shape = Path.Combine(shared ?? "", "models", "sfm", SfmModelReader.ShapeFileName);
        if (File.Exists(shape))
        {
            return SfmModelReader.ReadWithSiblings(shape);
        }

        Console.Error.WriteLine($"SFM not found at {shape}: benchmarking the synthetic reference head instead.");
        return ReferenceModelBuilder.Build();
    }

    public static (Point2[] Landmarks, CameraIntrinsics Camera)[] Draw(LandmarkBasis basis, int count, int seed, double noisePx = 1)
    {
        var random = new Random(seed);
        var faces = new (Point2[], CameraIntrinsics)[count];
        CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(640, 480, 40);
        LandmarkEmbedding embedding = basis.Model.Landmarks;
        Span<double> xyz = stackalloc double[3];
        for (int f = 0; f < count; f++)
        {
            double[] c = new double[basis.ComponentCount];
            for (int k = 0; k < c.Length; k++)
            {
                c[k] = Gaussian(random) * (k < basis.IdentityCount ? 1 : 0.5);
            }

            var angles = new HeadAngles(Uniform(random, 45), Uniform(random, 15), Uniform(random, 10));
            Mat3 r = HeadPose.CameraFromModel(angles);
            var t = new Vec3(Uniform(random, 30), Uniform(random, 30), 700 + Uniform(random, 100));
            var points = new Point2[LandmarkEmbedding.IbugCount];
            for (int i = 0; i < points.Length; i++)
            {
                int side = basis.ContourSide(i);
                if (side >= 0 && basis.HasContours)
                {
                    IReadOnlyList<int> list = side == 0 ? embedding.RightContourLandmarks : embedding.LeftContourLandmarks;
                    int candidate = (side == 0 ? 0 : basis.RightCandidateCount) + (2 * list.ToList().IndexOf(i));
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

                Point2 uv = Pinhole.Project(camera, (r * Vec3.Read(xyz)) + t);
                points[i] = new Point2(uv.X + (noisePx * Gaussian(random)), uv.Y + (noisePx * Gaussian(random)));
            }

            faces[f] = (points, camera);
        }

        return faces;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Uniform(Random random, double halfRange) => ((random.NextDouble() * 2) - 1) * halfRange;
}
