using System.Runtime.CompilerServices;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Geometry;

/// <summary>
/// The derivative of a pinhole projection at a point: the 2×3 Jacobian
/// <c>∂(u, v)/∂(X, Y, Z) = [[f/Z, 0, −f·X/Z²], [0, f/Z, −f·Y/Z²]]</c>. Only its four non-zero entries are stored.
/// </summary>
/// <param name="DuDx">∂u/∂X = f/Z (also ∂v/∂Y).</param>
/// <param name="DuDz">∂u/∂Z = −f·X/Z².</param>
/// <param name="DvDz">∂v/∂Z = −f·Y/Z².</param>
public readonly record struct ProjectionJacobian(double DuDx, double DuDz, double DvDz)
{
    /// <summary>∂v/∂Y, equal to ∂u/∂X for square pixels.</summary>
    public double DvDy => DuDx;

    /// <summary>
    /// Pulls a gradient in the image back to camera coordinates: <c>Jᵀ·(gu, gv)</c>, the chain-rule step
    /// from <c>∂L/∂(u, v)</c> to <c>∂L/∂(X, Y, Z)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 TransposeTimes(double gu, double gv) => new(DuDx * gu, DuDx * gv, (DuDz * gu) + (DvDz * gv));
}

/// <summary>
/// The pinhole camera of <see cref="CameraIntrinsics"/> (OpenCV convention, no distortion, square pixels):
/// <c>u = f·X/Z + cx</c>, <c>v = f·Y/Z + cy</c> (Hartley &amp; Zisserman 2004, eq. 6.1), for points in the camera
/// frame (x right, y down, z forward). Points at or behind the camera (Z ≤ 0) have no image; callers that
/// optimise must keep Z &gt; 0.
/// </summary>
public static class Pinhole
{
    /// <summary>Image point of a camera-frame point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Point2 Project(double focalLength, double cx, double cy, Vec3 p)
    {
        double invZ = 1.0 / p.Z;
        return new Point2((focalLength * p.X * invZ) + cx, (focalLength * p.Y * invZ) + cy);
    }

    /// <summary>Image point of a camera-frame point.</summary>
    public static Point2 Project(CameraIntrinsics camera, Vec3 p) => Project(camera.FocalLength, camera.Cx, camera.Cy, p);

    /// <summary>Image point of a camera-frame point and the projection's Jacobian there (see <see cref="ProjectionJacobian"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Point2 Project(double focalLength, double cx, double cy, Vec3 p, out ProjectionJacobian jacobian)
    {
        double invZ = 1.0 / p.Z;
        double fz = focalLength * invZ;
        double x = fz * p.X;
        double y = fz * p.Y;
        jacobian = new ProjectionJacobian(fz, -x * invZ, -y * invZ);
        return new Point2(x + cx, y + cy);
    }

    /// <summary>
    /// Image point of a model point under a rigid pose: <c>π(s·R·X + t)</c>.
    /// </summary>
    public static Point2 Project(CameraIntrinsics camera, in Mat3 rotation, double scale, Vec3 translation, Vec3 modelPoint) =>
        Project(camera, HeadPose.Transform(rotation, scale, translation, modelPoint));

    /// <summary>
    /// Focal length in pixels of a camera whose horizontal field of view is <paramref name="horizontalFovDegrees"/>
    /// over <paramref name="width"/> pixels: <c>f = (w/2) / tan(fov/2)</c>.
    /// </summary>
    public static double FocalLengthFromFieldOfView(int width, double horizontalFovDegrees) =>
        width / 2.0 / Math.Tan(horizontalFovDegrees * Math.PI / 360.0);
}
