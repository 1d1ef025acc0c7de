using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Fitting.Tests;

public sealed class GeometryTests
{
    [Fact]
    public void Quaternion_and_matrix_round_trip()
    {
        var random = new Random(3);
        Span<double> q = stackalloc double[4];
        for (int trial = 0; trial < 200; trial++)
        {
            var omega = new Vec3(random.NextDouble() * 6 - 3, random.NextDouble() * 6 - 3, random.NextDouble() * 6 - 3);
            Mat3 r = Rotations.FromAxisAngle(omega);
            Assert.Equal(1, r.Determinant, 12);
            Rotations.ToQuaternion(r, q);
            AssertClose(r, Rotations.FromQuaternion(q), 1e-12);
            AssertClose(r, Rotations.FromAxisAngle(Rotations.ToAxisAngle(r)), 1e-10);
            Rotations.AxisAngleToQuaternion(omega, q);
            AssertClose(r, Rotations.FromQuaternion(q), 1e-12);
        }
    }

    [Fact]
    public void Axis_angle_derivatives_match_finite_differences()
    {
        var random = new Random(5);
        foreach (double magnitude in new[] { 0.0, 1e-8, 0.3, 2.5 })
        {
            Vec3 omega = magnitude * new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5).Normalized();
            Rotations.AxisAngleDerivatives(omega, out Mat3 d0, out Mat3 d1, out Mat3 d2);
            Mat3[] analytic = [d0, d1, d2];
            const double h = 1e-6;
            for (int k = 0; k < 3; k++)
            {
                Vec3 e = k switch { 0 => Vec3.UnitX, 1 => Vec3.UnitY, _ => Vec3.UnitZ };
                Mat3 numeric = (0.5 / h) * (Rotations.FromAxisAngle(omega + (h * e)) - Rotations.FromAxisAngle(omega - (h * e)));
                AssertClose(numeric, analytic[k], 1e-8);
            }
        }
    }

    [Fact]
    public void Frontal_face_is_180_degrees_about_x_and_angles_round_trip()
    {
        AssertClose(Mat3.Flip180X, HeadPose.CameraFromModel(new HeadAngles(0, 0, 0)), 1e-15);
        var random = new Random(9);
        for (int trial = 0; trial < 100; trial++)
        {
            var angles = new HeadAngles(random.NextDouble() * 170 - 85, random.NextDouble() * 170 - 85, random.NextDouble() * 340 - 170);
            HeadAngles back = HeadPose.ToHeadAngles(HeadPose.CameraFromModel(angles));
            Assert.Equal(angles.Yaw, back.Yaw, 8);
            Assert.Equal(angles.Pitch, back.Pitch, 8);
            Assert.Equal(angles.Roll, back.Roll, 8);
            HeadAngles viaPose = HeadPose.ToHeadAngles(new RigidPose(HeadPose.QuaternionOf(angles), [0, 0, 500], 1));
            Assert.Equal(angles.Yaw, viaPose.Yaw, 8);
        }
    }

    [Fact]
    public void Angle_signs_follow_the_documented_convention()
    {
        // Positive yaw turns the face (model +z) towards the subject's left (model +x), which is image right.
        Vec3 facing = HeadPose.CameraFromModel(new HeadAngles(30, 0, 0)) * Vec3.UnitZ;
        Assert.True(facing.X > 0.4 && facing.Z < 0);

        // Positive pitch looks up: the facing direction points up in the image (camera −y).
        facing = HeadPose.CameraFromModel(new HeadAngles(0, 20, 0)) * Vec3.UnitZ;
        Assert.True(facing.Y < -0.3);

        // Positive roll takes the subject's left (+x) upwards in the model, i.e. towards camera −y.
        Vec3 left = HeadPose.CameraFromModel(new HeadAngles(0, 0, 20)) * Vec3.UnitX;
        Assert.True(left.Y < -0.3);
    }

    [Fact]
    public void Projection_jacobian_matches_finite_differences()
    {
        var p = new Vec3(31, -12, 540);
        Pinhole.Project(800, 320, 240, p, out ProjectionJacobian j);
        const double h = 1e-4;
        for (int k = 0; k < 3; k++)
        {
            Vec3 e = k switch { 0 => Vec3.UnitX, 1 => Vec3.UnitY, _ => Vec3.UnitZ };
            var plus = Pinhole.Project(800, 320, 240, p + (h * e));
            var minus = Pinhole.Project(800, 320, 240, p - (h * e));
            double du = (plus.X - minus.X) / (2 * h), dv = (plus.Y - minus.Y) / (2 * h);
            Vec3 column = new(j.TransposeTimes(1, 0)[k], j.TransposeTimes(0, 1)[k], 0);
            Assert.Equal(du, column.X, 7);
            Assert.Equal(dv, column.Y, 7);
        }
    }

    [Fact]
    public void Nearest_rotation_orthonormalises()
    {
        Mat3 r = Rotations.FromAxisAngle(new Vec3(0.3, -1.1, 0.5));
        Mat3 noisy = r + (0.01 * new Mat3(1, -2, 0.5, 0.3, 1, -1, 2, 0.1, -0.7));
        Mat3 nearest = Rotations.NearestRotation(noisy);
        AssertClose(Mat3.Identity, nearest * nearest.Transposed(), 1e-12);
        AssertClose(r, nearest, 0.03);
    }

    internal static void AssertClose(in Mat3 expected, in Mat3 actual, double tolerance)
    {
        Mat3 d = expected - actual;
        double max = Math.Sqrt(Mat3.FrobeniusDot(d, d));
        Assert.True(max <= tolerance, $"matrices differ by {max:E3} (tolerance {tolerance:E1}):\nexpected {expected}\nactual   {actual}");
    }
}
