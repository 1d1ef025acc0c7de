using System.Runtime.CompilerServices;
using Facebench.Contracts.Morphable;

namespace Facebench.Rendering;

/// <summary>How camera-frame points map to the image.</summary>
public enum ProjectionKind
{
    /// <summary>Pinhole: <c>u = f·X/Z + cx</c>, <c>v = f·Y/Z + cy</c> (f in pixels).</summary>
    Perspective,

    /// <summary>Scaled orthographic: <c>u = f·X + cx</c>, <c>v = f·Y + cy</c> (f in pixels per model unit).</summary>
    Orthographic,
}

/// <summary>
/// The intrinsic part of a render: projection kind, focal length (or orthographic scale), principal point and image
/// size, in Facebench's conventions (OpenCV camera frame: x right, y down, z forward; pixel (0, 0) is the centre of
/// the top-left pixel, so a pixel centre is at integer coordinates). The extrinsic part is the model pose
/// <c>X = s·R·x + t</c> (<see cref="RigidPose"/>).
/// </summary>
/// <param name="Kind">Perspective or orthographic.</param>
/// <param name="Focal">Focal length in pixels (perspective) or pixels per model unit (orthographic).</param>
/// <param name="Cx">Principal point x, pixels.</param>
/// <param name="Cy">Principal point y, pixels.</param>
/// <param name="Width">Image width, pixels.</param>
/// <param name="Height">Image height, pixels.</param>
public readonly record struct RenderCamera(ProjectionKind Kind, double Focal, double Cx, double Cy, int Width, int Height)
{
    /// <summary>Smallest depth a perspective render accepts; triangles with a vertex nearer are not drawn.</summary>
    public const double NearDepth = 1e-3;

    /// <summary>A perspective camera from <see cref="CameraIntrinsics"/>.</summary>
    public static RenderCamera Perspective(CameraIntrinsics intrinsics) =>
        new(ProjectionKind.Perspective, intrinsics.FocalLength, intrinsics.Cx, intrinsics.Cy, intrinsics.Width, intrinsics.Height);

    /// <summary>
    /// Projects a camera-frame point. Returns false (and NaN) for a perspective point at or behind
    /// <see cref="NearDepth"/>. <paramref name="depthKey"/> orders visibility: larger is nearer (1/Z for perspective,
    /// −Z for orthographic; both are affine in screen space, so interpolating them with screen-space barycentrics is exact).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Project(double x, double y, double z, out double u, out double v, out double depthKey)
    {
        if (Kind == ProjectionKind.Orthographic)
        {
            u = (Focal * x) + Cx;
            v = (Focal * y) + Cy;
            depthKey = -z;
            return true;
        }

        if (!(z > NearDepth))
        {
            u = v = depthKey = double.NaN;
            return false;
        }

        double invZ = 1.0 / z;
        u = (Focal * x * invZ) + Cx;
        v = (Focal * y * invZ) + Cy;
        depthKey = invZ;
        return true;
    }

    /// <summary>
    /// Pulls an image-space gradient (gu, gv) of a projected point back to the camera-frame point:
    /// <c>J_πᵀ·(gu, gv)</c> with <c>J_π = [[f/Z, 0, −f·X/Z²], [0, f/Z, −f·Y/Z²]]</c> (perspective) or
    /// <c>[[f, 0, 0], [0, f, 0]]</c> (orthographic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double Gx, double Gy, double Gz) PullBack(double x, double y, double z, double gu, double gv)
    {
        if (Kind == ProjectionKind.Orthographic)
        {
            return (Focal * gu, Focal * gv, 0);
        }

        double invZ = 1.0 / z;
        double fz = Focal * invZ;
        return (fz * gu, fz * gv, -fz * invZ * ((x * gu) + (y * gv)));
    }

    /// <summary>∂(u, v)/∂f at a camera-frame point: (X/Z, Y/Z) for perspective, (X, Y) for orthographic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double Du, double Dv) FocalDerivative(double x, double y, double z) =>
        Kind == ProjectionKind.Orthographic ? (x, y) : (x / z, y / z);

    /// <summary>
    /// The camera for a crop of this image: the rectangle with top-left pixel centre (x0, y0) and <paramref name="size"/>
    /// source pixels on a side, resampled to <paramref name="width"/> × <paramref name="height"/> pixels. A source
    /// point u maps to <c>(u − x0 + ½)·k − ½</c> with k = width / size (pixel edges, not centres, are aligned).
    /// </summary>
    public RenderCamera Cropped(double x0, double y0, double size, int width, int height)
    {
        double k = width / size;
        return new RenderCamera(Kind, Focal * k, ((Cx - x0 + 0.5) * k) - 0.5, ((Cy - y0 + 0.5) * k) - 0.5, width, height);
    }
}
