using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Plugins.Dataset.Synthetic;
using Facebench.Testing;

namespace Facebench.Models.Tests;

public sealed class SyntheticDatasetTests
{
    private static readonly Lazy<IMorphableModel> Reference = new(() => ReferenceModelBuilder.Build());

    private static List<Sample> Read(SyntheticDatasetOptions options, int seed = 7, IMorphableModel? model = null)
    {
        var plugin = new SyntheticDatasetPlugin();
        options.Model = "model";
        plugin.Initialize(options, new TestPluginContext(seed).WithComponent("model", model ?? Reference.Value));
        Assert.Equal(options.Count, plugin.CountHint);
        return [.. plugin.Read(CancellationToken.None)];
    }

    [Fact]
    public void Samples_carry_ids_ground_truth_and_facets()
    {
        List<Sample> samples = Read(new SyntheticDatasetOptions { Count = 3 });
        Assert.Equal(["synthetic-000000", "synthetic-000001", "synthetic-000002"], samples.Select(s => s.Id));
        Sample s = samples[2];
        Assert.Equal(2, s.Index);
        Assert.Equal(68, s.Get(CoreFacets.Landmarks).Length);
        Assert.Equal(new ImageSize(640, 480), s.Get(CoreFacets.ImageSize));
        Assert.Equal(3 * 68, s.Get(MorphableFacets.TrueLandmarks3D).Length);
        Assert.Equal("model", s.Get(MorphableFacets.ModelId));
        FaceParameters p = s.Get(MorphableFacets.TrueParameters);
        Assert.Equal(24, p.Identity.Length);
        Assert.All(p.Expression, e => Assert.True(e >= 0)); // half-normal blendshape weights
        Assert.All(s.Get(CoreFacets.TrueLandmarks), q => Assert.True(q.X is > 0 and < 640 && q.Y is > 0 and < 480));
        Assert.Empty(s.Labels);
    }

    [Fact]
    public void Same_seed_same_population_other_seed_other_population()
    {
        List<Sample> a = Read(new SyntheticDatasetOptions { Count = 5 }, seed: 11);
        List<Sample> b = Read(new SyntheticDatasetOptions { Count = 5 }, seed: 11);
        List<Sample> c = Read(new SyntheticDatasetOptions { Count = 5 }, seed: 12);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(a[i].Get(CoreFacets.Landmarks), b[i].Get(CoreFacets.Landmarks));
            Assert.Equal(a[i].Get(MorphableFacets.TrueParameters).Identity, b[i].Get(MorphableFacets.TrueParameters).Identity);
            Assert.NotEqual(a[i].Get(CoreFacets.Landmarks), c[i].Get(CoreFacets.Landmarks));
        }
    }

    [Fact]
    public void Enumeration_is_lazy_and_sample_i_does_not_depend_on_the_count()
    {
        var plugin = new SyntheticDatasetPlugin();
        plugin.Initialize(new SyntheticDatasetOptions { Model = "model", Count = 1_000_000_000 }, new TestPluginContext().WithComponent("model", Reference.Value));
        Sample[] first = [.. plugin.Read(CancellationToken.None).Take(3)];
        List<Sample> few = Read(new SyntheticDatasetOptions { Count = 3 });
        Assert.Equal(few[2].Get(CoreFacets.Landmarks), first[2].Get(CoreFacets.Landmarks));
    }

    [Fact]
    public void True_landmarks_are_the_projection_of_the_true_3d_landmarks_and_of_the_model()
    {
        IMorphableModel model = Reference.Value;
        foreach (Sample s in Read(new SyntheticDatasetOptions { Count = 10 }))
        {
            CameraIntrinsics camera = s.Get(MorphableFacets.Camera);
            float[] x3 = s.Get(MorphableFacets.TrueLandmarks3D);
            Point2[] truth = s.Get(CoreFacets.TrueLandmarks);
            FaceParameters p = s.Get(MorphableFacets.TrueParameters);
            Mat3 r = Rotations.FromQuaternion(p.Pose.Rotation);
            Vec3 t = Vec3.Read(p.Pose.Translation);
            for (int l = 0; l < 68; l++)
            {
                Point2 projected = Pinhole.Project(camera, new Vec3(x3[3 * l], x3[(3 * l) + 1], x3[(3 * l) + 2]));
                Assert.Equal(truth[l].X, projected.X, 1e-2);
                Assert.Equal(truth[l].Y, projected.Y, 1e-2);
            }

            // A static landmark is the model instance's binding, posed: check the nose tip end to end.
            LandmarkBinding nose = model.Landmarks.Points[30];
            var v = new float[9];
            model.EvaluateVertices([nose.V0, nose.V1, nose.V2], p.Identity, p.Expression, v);
            Vec3 tip = (nose.W0 * Vec3.Read(v.AsSpan(0, 3))) + (nose.W1 * Vec3.Read(v.AsSpan(3, 3))) + (nose.W2 * Vec3.Read(v.AsSpan(6, 3)));
            Point2 expected = Pinhole.Project(camera, (r * tip) + t);
            Assert.Equal(expected.X, truth[30].X, 1e-2);
            Assert.Equal(expected.Y, truth[30].Y, 1e-2);

            // The stored angles are those of the stored rotation.
            HeadAngles angles = HeadPose.ToHeadAngles(p.Pose);
            Assert.Equal(p.Angles.Yaw, angles.Yaw, 1e-6);
            Assert.Equal(p.Angles.Pitch, angles.Pitch, 1e-6);
        }
    }

    [Fact]
    public void Noise_has_the_configured_sigma_and_outlier_fraction()
    {
        var deltas = new List<double>();
        int outliers = 0, total = 0;
        foreach (Sample s in Read(new SyntheticDatasetOptions { Count = 100, NoiseSigma = 2, OutlierFraction = 0.1, OutlierDisplacement = 40 }))
        {
            Point2[] observed = s.Get(CoreFacets.Landmarks), truth = s.Get(CoreFacets.TrueLandmarks);
            for (int l = 0; l < 68; l++)
            {
                double dx = observed[l].X - truth[l].X, dy = observed[l].Y - truth[l].Y;
                total++;
                if (Math.Sqrt((dx * dx) + (dy * dy)) > 20)
                {
                    outliers++;
                }
                else
                {
                    deltas.Add(dx);
                    deltas.Add(dy);
                }
            }
        }

        double sd = Math.Sqrt(deltas.Sum(d => d * d) / deltas.Count);
        Assert.InRange(sd, 1.9, 2.1);
        Assert.InRange(outliers / (double)total, 0.085, 0.115);

        Sample clean = Read(new SyntheticDatasetOptions { Count = 1, NoiseSigma = 0 })[0];
        Assert.Equal(clean.Get(CoreFacets.TrueLandmarks), clean.Get(CoreFacets.Landmarks));
    }

    [Fact]
    public void Groups_get_their_proportions_labels_and_priors()
    {
        var options = new SyntheticDatasetOptions
        {
            Count = 2000,
            Groups =
            [
                new SyntheticGroup { Name = "a", Proportion = 3, Components = [0, 2], Offset = [2, -1], VarianceScale = 0.25 },
                new SyntheticGroup { Name = "b", Proportion = 1 },
            ],
        };
        List<Sample> samples = Read(options);
        List<Sample> a = [.. samples.Where(s => s.Labels["group"] == "a")];
        List<Sample> b = [.. samples.Where(s => s.Labels["group"] == "b")];
        Assert.Equal(2000, a.Count + b.Count);
        Assert.InRange(a.Count / 2000.0, 0.72, 0.78);

        double[] a0 = [.. a.Select(s => (double)s.Get(MorphableFacets.TrueParameters).Identity[0])];
        double[] b0 = [.. b.Select(s => (double)s.Get(MorphableFacets.TrueParameters).Identity[0])];
        Assert.InRange(a0.Average(), 1.9, 2.1);
        Assert.InRange(StdDev(a0), 0.45, 0.55);
        Assert.InRange(b0.Average(), -0.15, 0.15);
        Assert.InRange(StdDev(b0), 0.9, 1.1);
        Assert.InRange(a.Average(s => s.Get(MorphableFacets.TrueParameters).Identity[2]), -1.1, -0.9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(-40)]
    public void Jaw_line_points_slide_along_the_contour_in_order(double yaw)
    {
        // Jaw-line points are not fixed vertices: they are placed on the model's contour line for the pose, as a
        // detector marks the outline. Each must sit on a contour candidate of its side, ordered ear to chin.
        var options = new SyntheticDatasetOptions { Count = 4, NoiseSigma = 0, Yaw = [yaw, yaw], Pitch = [0, 0], Roll = [0, 0] };
        var model = Reference.Value;
        var embedding = model.Landmarks;
        foreach (Sample s in Read(options))
        {
            FaceParameters p = s.Get(MorphableFacets.TrueParameters);
            var mesh = new float[3 * model.VertexCount];
            model.Evaluate(p.Identity, p.Expression, mesh);
            Mat3 r = Rotations.FromQuaternion(p.Pose.Rotation);
            Vec3 t = Vec3.Read(p.Pose.Translation);
            float[] x3 = s.Get(MorphableFacets.TrueLandmarks3D);
            foreach (var (landmarks, candidates) in new[] { (embedding.RightContourLandmarks, embedding.RightContourVertices), (embedding.LeftContourLandmarks, embedding.LeftContourVertices) })
            {
                double previousY = double.PositiveInfinity;
                var ordered = landmarks.OrderBy(l => Math.Abs(l - 8)).Reverse(); // ear first, chin last
                foreach (int l in ordered)
                {
                    Vec3 point = r.Transposed() * (new Vec3(x3[3 * l], x3[(3 * l) + 1], x3[(3 * l) + 2]) - t);
                    double nearest = candidates.Min(v => (new Vec3(mesh[3 * v], mesh[(3 * v) + 1], mesh[(3 * v) + 2]) - point).Length);
                    Assert.True(nearest < 0.01, $"landmark {l} at yaw {yaw} is {nearest:F3} mm from the contour");
                    Assert.True(point.Y <= previousY + 1e-6, $"landmark {l} at yaw {yaw} is above the one before it");
                    previousY = point.Y;
                }
            }
        }
    }

    [SharedDataFact("models/sfm/sfm_shape_3448.bin", "models/sfm/ibug_to_sfm.txt", "models/sfm/sfm_model_contours.json")]
    public void Works_with_the_sfm_model()
    {
        IMorphableModel sfm = SfmModelReader.ReadWithSiblings(RepositoryPaths.Shared("models/sfm/sfm_shape_3448.bin"));
        Sample s = Read(new SyntheticDatasetOptions { Count = 2, NoiseSigma = 0 }, model: sfm)[1];
        Point2[] truth = s.Get(CoreFacets.TrueLandmarks);
        Assert.Equal(66, truth.Count(p => p.IsValid)); // all but the two inner mouth corners SFM does not define
        Assert.False(truth[60].IsValid);
        Assert.True(truth[0].IsValid && truth[16].IsValid);
    }

    private static double StdDev(double[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
}
