namespace Facebench.Morphable.Reference;

/// <summary>
/// Anatomical landmarks of the synthetic reference head in its frontal face coordinates (millimetres; x towards the
/// subject's left, y up, origin at the head centre). Proportions follow adult averages from anthropometry (Farkas,
/// "Anthropometry of the Head and Face", 1994): inter-pupil distance about 64 mm, eye fissure 30 mm, mouth 50 mm,
/// nose height about 50 mm, face width about 150 mm. Everything the mesh, the bases and the landmark embedding
/// place is derived from these constants, so they stay consistent.
/// </summary>
internal static class FaceFeatures
{
    /// <summary>Height of the eye corners (canthi).</summary>
    public const double EyeY = 7;

    /// <summary>Horizontal distance of an eye centre from the midline.</summary>
    public const double EyeX = 32;

    /// <summary>Height of the nasal root (nasion, iBUG 27).</summary>
    public const double NoseBridgeY = 10;

    /// <summary>Height of the nose tip (pronasale, iBUG 30).</summary>
    public const double NoseTipY = -30;

    /// <summary>Height of the nose base (subnasale, iBUG 33).</summary>
    public const double NoseBaseY = -43;

    /// <summary>Height of the mouth line (stomion).</summary>
    public const double MouthY = -58;

    /// <summary>Horizontal distance of a mouth corner (cheilion) from the midline.</summary>
    public const double MouthX = 25;

    /// <summary>Height of the chin bottom (gnathion, iBUG 8).</summary>
    public const double ChinY = -104;

    /// <summary>Height of the brows' middle.</summary>
    public const double BrowY = 25;

    /// <summary>An isotropic-or-not 2D Gaussian bump of height 1 at (x0, y0).</summary>
    public static double Bump(double x, double y, double x0, double y0, double sx, double sy)
    {
        double dx = (x - x0) / sx, dy = (y - y0) / sy;
        return Math.Exp(-0.5 * ((dx * dx) + (dy * dy)));
    }

    /// <summary>A mirrored pair of bumps at (±x0, y0).</summary>
    public static double Pair(double x, double y, double x0, double y0, double sx, double sy) =>
        Bump(x, y, -x0, y0, sx, sy) + Bump(x, y, x0, y0, sx, sy);

    /// <summary>Hermite smoothstep from 0 at <paramref name="edge0"/> to 1 at <paramref name="edge1"/> (either order).</summary>
    public static double SmoothStep(double edge0, double edge1, double x)
    {
        double t = Math.Clamp((x - edge0) / (edge1 - edge0), 0, 1);
        return t * t * (3 - (2 * t));
    }

    /// <summary>
    /// Forward relief of the face at frontal position (x, y), in mm: nose, eye sockets with eyeballs, brow ridge,
    /// cheekbones, lips with the mouth line, chin. This is what makes the ellipsoid a face.
    /// </summary>
    public static double Relief(double x, double y)
    {
        return Nose(x, y)
            + (7 * Pair(x, y, 13, -36, 5.5, 4.5))              // alae (nostril wings)
            - (9 * Pair(x, y, EyeX, EyeY, 14, 9))               // orbits
            + (5.5 * Pair(x, y, EyeX, EyeY, 8, 4.5))            // eyeballs under the lids
            + (5 * Pair(x, y, 28, BrowY - 3, 17, 5))            // brow ridge
            + (3 * Bump(x, y, 0, NoseBridgeY + 10, 10, 6))      // glabella
            + (5 * Pair(x, y, 46, -14, 12, 12))                 // cheekbones
            - (4 * Pair(x, y, 60, 28, 10, 15))                  // temples
            + (7 * Bump(x, y, 0, MouthY + 5, 19, 4.5))          // upper lip
            + (6.5 * Bump(x, y, 0, MouthY - 7, 16, 5))          // lower lip
            - (4.5 * Bump(x, y, 0, MouthY, MouthX - 3, 1.8))    // mouth line between the lips
            - (2.5 * Bump(x, y, 0, MouthY - 18, 16, 5))         // mentolabial sulcus
            + (8 * Bump(x, y, 0, ChinY + 12, 16, 10));          // chin
    }

    /// <summary>
    /// The nose as a ridge along the midline: its height grows from the root to the tip, then drops to the base;
    /// its width grows towards the tip.
    /// </summary>
    public static double Nose(double x, double y)
    {
        double t = Math.Clamp((NoseBridgeY - y) / (NoseBridgeY - NoseTipY), 0, 1);
        double height = 5 + (21 * t * t * (1.4 - (0.4 * t)));
        double fadeTop = SmoothStep(NoseBridgeY + 12, NoseBridgeY - 2, y);
        double fadeBottom = SmoothStep(NoseBaseY - 1, NoseTipY - 2, y);
        double width = 5.5 + (4.5 * t);
        return height * fadeTop * fadeBottom * Math.Exp(-0.5 * x * x / (width * width));
    }
}
