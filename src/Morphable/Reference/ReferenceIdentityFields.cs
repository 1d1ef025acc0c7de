using static Facebench.Morphable.Reference.FaceFeatures;

namespace Facebench.Morphable.Reference;

/// <summary>
/// The variation between synthetic people: 24 smooth deformation fields, each at one standard deviation of a
/// plausible adult population (a few millimetres: cf. the spread of Farkas's craniofacial measurements), covering
/// the global head proportions first and then the local features that face recognition and landmark fitting are
/// sensitive to. <see cref="PrincipalComponents"/> turns them into an orthonormal basis with decreasing σ, as a
/// PCA of scans would give.
/// </summary>
internal static class ReferenceIdentityFields
{
    public static IReadOnlyList<DeformationField> All { get; } =
    [
        new("head width", (x, y, z, f) => (0.06 * x, 0, 0)),
        new("head height", (x, y, z, f) => (0, 0.045 * y, 0)),
        new("head depth", (x, y, z, f) => (0, 0, 0.05 * z)),
        new("lower face length", (x, y, z, f) => (0, -6 * SmoothStep(-20, -105, y), 0)),
        new("jaw width", (x, y, z, f) => (0.07 * x * SmoothStep(-30, -95, y), 0, 0)),
        new("nose protrusion", (x, y, z, f) => (0, 0, 0.22 * Nose(x, y) * f)),
        new("nose width", (x, y, z, f) => (3 * Math.Tanh(x / 6) * Bump(x, y, 0, -33, 12, 10) * f, 0, 0)),
        new("eye spacing", (x, y, z, f) => (3 * (Bump(x, y, EyeX, EyeY, 12, 9) - Bump(x, y, -EyeX, EyeY, 12, 9)) * f, 0, 0)),
        new("eye depth", (x, y, z, f) => (0, 0, -3 * Pair(x, y, EyeX, EyeY, 12, 9) * f)),
        new("brow ridge", (x, y, z, f) => (0, 0, 3 * Pair(x, y, 28, BrowY - 3, 17, 5) * f)),
        new("cheekbones", (x, y, z, f) => (2 * Math.Sign(x) * Pair(x, y, 46, -14, 12, 12) * f, 0, 3 * Pair(x, y, 46, -14, 12, 12) * f)),
        new("chin protrusion", (x, y, z, f) => (0, 0, 4 * Bump(x, y, 0, ChinY + 12, 18, 12) * f)),
        new("chin height", (x, y, z, f) => (0, -3 * Bump(x, y, 0, ChinY + 5, 20, 15) * f, 0)),
        new("mouth width", (x, y, z, f) => (3 * Math.Tanh(x / 10) * Bump(x, y, 0, MouthY, 30, 10) * f, 0, 0)),
        new("lip thickness", (x, y, z, f) => (0, 0, 2.5 * (Bump(x, y, 0, MouthY + 5, 19, 4.5) + Bump(x, y, 0, MouthY - 7, 16, 5)) * f)),
        new("forehead slope", (x, y, z, f) => (0, 0, -4 * SmoothStep(20, 100, y) * f)),
        new("midface protrusion", (x, y, z, f) => (0, 0, 4 * Bump(x, y, 0, -20, 35, 35) * f)),
        new("occiput", (x, y, z, f) => (0, 0, z < 0 ? 0.06 * z : 0)),
        new("nasal bridge", (x, y, z, f) => (0, 0, 3 * Bump(x, y, 0, 0, 6, 10) * f)),
        new("nose tip height", (x, y, z, f) => (0, 3 * Bump(x, y, 0, NoseTipY, 10, 8) * f, 0)),
        new("crown height", (x, y, z, f) => (0, 4 * SmoothStep(40, 118, y), 0)),
        new("eye height", (x, y, z, f) => (0, 2.5 * Pair(x, y, EyeX, EyeY, 14, 9) * f, 0)),
        new("mouth height", (x, y, z, f) => (0, 2.5 * Bump(x, y, 0, MouthY, 30, 10) * f, 0)),
        new("facial asymmetry", (x, y, z, f) => (0, 0, 2 * (x / 70) * f)),
    ];
}
