namespace Facebench.Contracts.Morphable;

/// <summary>
/// A pinhole camera in the OpenCV convention (x right, y down, z forward), no distortion:
/// <c>u = f·X/Z + cx</c>, <c>v = f·Y/Z + cy</c>, pixel coordinates as in <see cref="Point2"/>.
/// </summary>
/// <param name="FocalLength">Focal length in pixels (square pixels).</param>
/// <param name="Cx">Principal point x, pixels.</param>
/// <param name="Cy">Principal point y, pixels.</param>
/// <param name="Width">Image width, pixels.</param>
/// <param name="Height">Image height, pixels.</param>
public sealed record CameraIntrinsics(double FocalLength, double Cx, double Cy, int Width, int Height)
{
    /// <summary>A camera with the principal point at the image centre and the given horizontal field of view.</summary>
    public static CameraIntrinsics FromFieldOfView(int width, int height, double horizontalFovDegrees)
    {
        double f = width / 2.0 / Math.Tan(horizontalFovDegrees * Math.PI / 360.0);
        return new CameraIntrinsics(f, (width - 1) / 2.0, (height - 1) / 2.0, width, height);
    }
}

/// <summary>
/// Rigid placement of a model in the camera: <c>X_cam = s · R · X_model + t</c>, with R a unit quaternion
/// (w, x, y, z) that maps the model frame (y up, face looking along +z) into the camera frame (y down, z forward).
/// A frontal face therefore has R = 180° about x. Translation is in model units.
/// </summary>
/// <param name="Rotation">Unit quaternion [w, x, y, z].</param>
/// <param name="Translation">[tx, ty, tz] in model units.</param>
/// <param name="Scale">Isotropic scale (1 when the model's unit is trusted).</param>
public sealed record RigidPose(double[] Rotation, double[] Translation, double Scale);

/// <summary>Head pose in degrees relative to a frontal view, for reporting (error by yaw bin).</summary>
/// <param name="Yaw">Rotation about the vertical axis; positive turns the face to the subject's left.</param>
/// <param name="Pitch">Rotation about the horizontal axis; positive looks up.</param>
/// <param name="Roll">In-plane rotation.</param>
public sealed record HeadAngles(double Yaw, double Pitch, double Roll);

/// <summary>All parameters of a model instance in an image.</summary>
/// <param name="Identity">Identity coefficients, in standard deviations.</param>
/// <param name="Expression">Expression coefficients, in standard deviations (or blendshape weights).</param>
/// <param name="Pose">Rigid placement in the camera.</param>
/// <param name="Angles">The same rotation as yaw/pitch/roll, for reports.</param>
public sealed record FaceParameters(float[] Identity, float[] Expression, RigidPose Pose, HeadAngles Angles);
