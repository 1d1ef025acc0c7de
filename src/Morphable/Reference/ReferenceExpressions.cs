using Facebench.Geometry;
using static Facebench.Morphable.Reference.FaceFeatures;

namespace Facebench.Morphable.Reference;

/// <summary>
/// Expression blendshapes of the reference head, as displacements at full activation (σ_exp = 1, like eos's SFM
/// blendshapes), loosely after FACS action units (Ekman &amp; Friesen 1978): jaw drop (AU 26/27), smile (AU 12),
/// brow raise (AU 1+2), lip pucker (AU 18), eye closure (AU 43), frown (AU 15 with AU 4).
/// </summary>
internal static class ReferenceExpressions
{
    /// <summary>Jaw hinge (near the temporomandibular joint, in front of the ears) and the opening angle.</summary>
    private static readonly Vec3 JawHinge = new(0, -5, -5);
    private static readonly Mat3 JawRotation = Rotations.AboutX(15 * Math.PI / 180);

    public static IReadOnlyList<DeformationField> All { get; } =
    [
        new("jaw_open", JawOpen),
        new("smile", (x, y, z, f) =>
        {
            double corners = Pair(x, y, MouthX, MouthY, 9, 8), cheeks = Pair(x, y, 40, -35, 12, 12);
            return ((3 * Math.Sign(x) * corners) * f, ((5 * corners) + (2 * cheeks)) * f, ((-2 * corners) + (1.5 * cheeks)) * f);
        }),
        new("brow_raise", (x, y, z, f) =>
        {
            double brows = Pair(x, y, 28, BrowY, 20, 7);
            return (0, ((5 * brows) + (1.5 * Bump(x, y, 0, 50, 50, 25))) * f, 0.5 * brows * f);
        }),
        new("lip_pucker", (x, y, z, f) =>
        {
            double lips = Bump(x, y, 0, MouthY, 20, 9);
            return (-0.35 * x * lips * f, 0, 7 * lips * f);
        }),
        new("eye_closure", (x, y, z, f) =>
        {
            double lids = Pair(x, y, EyeX, EyeY + 3.5, 9, 3);
            return (0, -4.5 * lids * f, 0.5 * lids * f);
        }),
        new("frown", (x, y, z, f) =>
        {
            double corners = Pair(x, y, MouthX, MouthY, 9, 8), brows = Pair(x, y, 18, BrowY - 2, 10, 6);
            return (-1.5 * Math.Sign(x) * brows * f, ((-4 * corners) - (3 * brows)) * f, 0);
        }),
    ];

    /// <summary>
    /// The mandible turns about the hinge axis; everything below the mouth line and in front of the ears moves with
    /// it, blending over the lips so the mouth opens between them.
    /// </summary>
    private static (double, double, double) JawOpen(double x, double y, double z, double f)
    {
        double weight = SmoothStep(MouthY + 1, MouthY - 3, y) * SmoothStep(-35, 5, z);
        if (weight == 0)
        {
            return (0, 0, 0);
        }

        var p = new Vec3(x, y, z);
        Vec3 moved = (JawRotation * (p - JawHinge)) + JawHinge;
        Vec3 d = weight * (moved - p);
        return (d.X, d.Y, d.Z);
    }
}
