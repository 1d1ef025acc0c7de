using Facebench.Contracts.Morphable;

namespace Facebench.Geometry;

/// <summary>
/// Yaw, pitch and roll of a head, and how they map to the rotation of a <see cref="RigidPose"/>.
/// <para>
/// Frames. The model frame is right-handed with x towards the subject's left (image right in a frontal
/// view), y up and the face looking along +z. The camera frame is OpenCV's: x right, y down, z forward.
/// A frontal face (all angles zero) therefore has <c>R_cam_from_model = Flip180X = diag(1, −1, −1)</c>.
/// </para>
/// <para>
/// Angles (radians here, degrees in <see cref="HeadAngles"/>), all acting in the model frame:
/// yaw ψ about the model's y axis, positive turning the face towards the subject's left (+z towards +x);
/// pitch θ about the model's x axis, positive looking up (+z towards +y), i.e. a rotation by −θ about x;
/// roll φ about the model's z axis (the viewing direction of the face), positive taking +x towards +y (the
/// subject's left side goes up; counter-clockwise in the image).
/// The head rotation is <c>R_head = R_y(ψ) · R_x(−θ) · R_z(φ)</c> (roll applied first, then pitch, then yaw),
/// and <c>R_cam_from_model = Flip180X · R_head</c>.
/// </para>
/// <para>
/// Inverse: with <c>R_head = Flip180X · R_cam_from_model</c>, writing out the product gives
/// <c>R_head[1,2] = sin θ</c>, <c>R_head[0,2] = sin ψ cos θ</c>, <c>R_head[2,2] = cos ψ cos θ</c>,
/// <c>R_head[1,0] = cos θ sin φ</c>, <c>R_head[1,1] = cos θ cos φ</c>, so θ = asin(R12), ψ = atan2(R02, R22),
/// φ = atan2(R10, R11); at |θ| = 90° (gimbal lock) roll is set to 0 and yaw absorbs it.
/// </para>
/// </summary>
public static class HeadPose
{
    /// <summary>The head rotation <c>R_y(yaw) · R_x(−pitch) · R_z(roll)</c> in the model frame (angles in radians).</summary>
    public static Mat3 HeadRotation(double yaw, double pitch, double roll) =>
        Rotations.AboutY(yaw) * Rotations.AboutX(-pitch) * Rotations.AboutZ(roll);

    /// <summary><c>R_cam_from_model = Flip180X · R_head(yaw, pitch, roll)</c>, angles in radians.</summary>
    public static Mat3 CameraFromModel(double yaw, double pitch, double roll) =>
        Mat3.Flip180X * HeadRotation(yaw, pitch, roll);

    /// <summary><c>R_cam_from_model</c> for head angles in degrees.</summary>
    public static Mat3 CameraFromModel(HeadAngles angles) =>
        CameraFromModel(Degrees(angles.Yaw), Degrees(angles.Pitch), Degrees(angles.Roll));

    /// <summary>Yaw, pitch, roll in radians of a camera-from-model rotation (inverse of <see cref="CameraFromModel(double, double, double)"/>).</summary>
    public static (double Yaw, double Pitch, double Roll) AnglesOf(in Mat3 cameraFromModel)
    {
        Mat3 h = Mat3.Flip180X * cameraFromModel;
        double sinPitch = Math.Clamp(h.M12, -1.0, 1.0);
        double pitch = Math.Asin(sinPitch);
        if (Math.Abs(sinPitch) > 1 - 1e-12)
        {
            // Gimbal lock: yaw and roll turn about the same axis, only ψ ∓ φ is defined; put it all into yaw.
            // With cos θ = 0 and φ = 0 the first column of R_head is (cos ψ, 0, −sin ψ).
            return (Math.Atan2(-h.M20, h.M00), pitch, 0);
        }

        return (Math.Atan2(h.M02, h.M22), pitch, Math.Atan2(h.M10, h.M11));
    }

    /// <summary>Head angles in degrees of a camera-from-model rotation.</summary>
    public static HeadAngles ToHeadAngles(in Mat3 cameraFromModel)
    {
        (double yaw, double pitch, double roll) = AnglesOf(cameraFromModel);
        return new HeadAngles(yaw * 180 / Math.PI, pitch * 180 / Math.PI, roll * 180 / Math.PI);
    }

    /// <summary>Head angles in degrees of a pose's rotation.</summary>
    public static HeadAngles ToHeadAngles(RigidPose pose) => ToHeadAngles(Rotations.FromQuaternion(pose.Rotation));

    /// <summary>A new <c>[w, x, y, z]</c> quaternion for <see cref="RigidPose.Rotation"/> from head angles in degrees.</summary>
    public static double[] QuaternionOf(HeadAngles angles) => Rotations.ToQuaternionArray(CameraFromModel(angles));

    /// <summary>
    /// Transforms a model point into the camera frame: <c>X_cam = s·R·X + t</c> (the <see cref="RigidPose"/> convention).
    /// </summary>
    public static Vec3 Transform(in Mat3 rotation, double scale, Vec3 translation, Vec3 modelPoint) =>
        (scale * (rotation * modelPoint)) + translation;

    /// <summary>A <see cref="RigidPose"/> record (allocates its arrays) from a rotation matrix, translation and scale.</summary>
    public static RigidPose ToRigidPose(in Mat3 cameraFromModel, Vec3 translation, double scale = 1) =>
        new(Rotations.ToQuaternionArray(cameraFromModel), [translation.X, translation.Y, translation.Z], scale);

    /// <summary>The translation of a pose as a vector.</summary>
    public static Vec3 TranslationOf(RigidPose pose) => Vec3.Read(pose.Translation);

    private static double Degrees(double degrees) => degrees * Math.PI / 180;
}
