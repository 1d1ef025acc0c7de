using Facebench.Geometry;

namespace Facebench.Fitting.Articulated;

/// <summary>
/// The head yaw that selects FLAME's dynamic contour row (<see cref="Contracts.Morphable.YawContourTable.RowForYaw"/>).
/// FLAME's code takes the relative rotation of the neck's kinematic chain, <c>R = R_global·R_neck</c>, in the model
/// frame, and its y-Euler angle <c>atan2(−R₂₀, √(R₀₀² + R₁₀²))</c>, negated, in degrees. Here the global rotation is
/// the camera pose: <c>R_cam = R_x(180°)·R_head</c> (a frontal face has R_cam = R_x(180°)), so
/// <c>R_head = R_x(180°)·R_cam</c>.
/// </summary>
public static class HeadYaw
{
    /// <summary>The yaw in degrees, in FLAME's sign convention for row selection.</summary>
    /// <param name="cameraFromModel">The fitted rotation of the model into the camera.</param>
    /// <param name="neck">The neck joint's rotation (identity when it is not fitted).</param>
    public static double Degrees(in Mat3 cameraFromModel, in Mat3 neck)
    {
        Mat3 relative = Mat3.Flip180X * cameraFromModel * neck;
        double sy = Math.Sqrt((relative.M00 * relative.M00) + (relative.M10 * relative.M10));
        return -Math.Atan2(-relative.M20, sy) * 180 / Math.PI;
    }
}
