using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Articulated;
using Facebench.Geometry;

namespace Facebench.ModelFormats.Tests;

/// <summary>
/// Synthetic landmark observations of an articulated model with known truth: coefficients, jaw (and optionally neck)
/// rotation and head pose drawn from a seed; the jaw line taken from the dynamic contour row that FLAME's rule picks
/// for the true pose (<see cref="HeadYaw"/>), static points from the static embedding. Shared by tests and benchmarks.
/// </summary>
public static class ArticulatedFaces
{
    /// <summary>One face: observed landmarks, the camera, and the truth.</summary>
    public sealed record Face(Point2[] Landmarks, double Focal, double Cx, double Cy, double[] Coefficients, double[] Rotations, Mat3 Rotation);

    /// <summary>Draws faces with K_id identity and K_exp expression coefficients and the given variable joints.</summary>
    public static Face[] Draw(IArticulatedModel model, int identityCount, int expressionCount, IReadOnlyList<int> joints, int count, int seed, double noisePx = 0)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        List<LandmarkBinding> bindings = [.. model.Landmarks.Points];
        YawContourTable? table = model.DynamicContour;
        if (table is not null)
        {
            for (int r = 0; r < table.RowCount; r++)
            {
                for (int m = 0; m < table.Landmarks.Count; m++)
                {
                    bindings.Add(table.Binding(r, m));
                }
            }
        }

        IArticulatedPointSet set = model.CreatePointSet(bindings, identityCount, expressionCount, joints);
        double width = 0;
        {
            float min = float.MaxValue, max = float.MinValue;
            for (int v = 0; v < model.VertexCount; v++)
            {
                min = Math.Min(min, model.Mean[3 * v]);
                max = Math.Max(max, model.Mean[3 * v]);
            }

            width = max - min;
        }

        var faces = new Face[count];
        const double focal = 1000, cx = 319.5, cy = 239.5;
        for (int n = 0; n < count; n++)
        {
            double[] c = [.. Enumerable.Range(0, set.CoefficientCount).Select(k => 0.8 * Normal())];
            double[] theta = new double[3 * joints.Count];
            for (int j = 0; j < joints.Count; j++)
            {
                bool jaw = model.JointNames[joints[j]] == "jaw";
                theta[3 * j] = jaw ? 0.05 + (0.15 * random.NextDouble()) : 0.1 * Normal();
                theta[(3 * j) + 1] = 0.03 * Normal();
                theta[(3 * j) + 2] = 0.03 * Normal();
            }

            Mat3 r = HeadPose.CameraFromModel(-30 + (60 * random.NextDouble()), -10 + (20 * random.NextDouble()), -8 + (16 * random.NextDouble()));
            var t = new Vec3(0.02 * width * Normal(), 0.02 * width * Normal(), focal * width / 250);
            int neck = joints.ToList().FindIndex(j => model.JointNames[j] == "neck");
            Mat3 neckRotation = neck >= 0 ? Rotations.FromAxisAngle(new Vec3(theta[3 * neck], theta[(3 * neck) + 1], theta[(3 * neck) + 2])) : Mat3.Identity;
            int row = table?.RowForYaw(HeadYaw.Degrees(r, neckRotation)) ?? -1;
            var landmarks = new Point2[LandmarkEmbedding.IbugCount];
            var p = new double[3];
            for (int i = 0; i < landmarks.Length; i++)
            {
                int m = table is null ? -1 : table.Landmarks.ToList().IndexOf(i);
                int point = m >= 0 ? LandmarkEmbedding.IbugCount + (row * table!.Landmarks.Count) + m : i;
                if (!bindings[point].IsMapped)
                {
                    landmarks[i] = Point2.Missing;
                    continue;
                }

                set.Evaluate(c, theta, [point], p);
                Point2 uv = Pinhole.Project(focal, cx, cy, (r * Vec3.Read(p)) + t);
                landmarks[i] = new Point2(uv.X + (noisePx * Normal()), uv.Y + (noisePx * Normal()));
            }

            faces[n] = new Face(landmarks, focal, cx, cy, c, theta, r);
        }

        return faces;
    }
}
