using Facebench.Contracts.Morphable;
using static Facebench.Morphable.Reference.FaceFeatures;

namespace Facebench.Morphable.Reference;

/// <summary>
/// The iBUG 68-point embedding of the reference head (Sagonas et al. 2013, "300 Faces in-the-Wild Challenge",
/// mark-up of Fig. 1): every point is bound to a spot inside a mesh triangle with barycentric weights, placed at its
/// anatomical position in <see cref="FaceFeatures"/> coordinates, so eye lids and lips are resolved even though the
/// grid is coarser than they are. The jaw line (0–16) is additionally given as contour candidate bands that slide
/// with pose.
/// </summary>
internal static class ReferenceLandmarks
{
    /// <summary>
    /// Jaw line of the subject's right side, iBUG 0 (at the ear) to 8 (chin): longitude in degrees from the midline and
    /// height in mm. The left side (16 down to 9) mirrors it.
    /// </summary>
    private static readonly (double ThetaDeg, double Y)[] Jaw =
    [
        (84, -2), (82, -19), (79, -36), (74, -52), (66, -67), (55, -80), (40, -91), (22, -99), (0, ChinY),
    ];

    /// <summary>Frontal (x, y) of iBUG 17–67 in mm: brows, nose, eyes, outer and inner lips.</summary>
    private static readonly (double X, double Y)[] Inner =
    [
        // 17–21 right brow, outer to inner; 22–26 left brow, inner to outer.
        (-50, 20), (-41, 25.5), (-30, 27.5), (-19, 26.5), (-9, 23),
        (9, 23), (19, 26.5), (30, 27.5), (41, 25.5), (50, 20),

        // 27–30 nose ridge, root to tip; 31–35 nose base, right to left.
        (0, NoseBridgeY - 2), (0, -5), (0, -17.5), (0, NoseTipY),
        (-13, -40), (-7, -42), (0, NoseBaseY), (7, -42), (13, -40),

        // 36–41 right eye from the outer corner clockwise in the image; 42–47 left eye from the inner corner.
        (-45, EyeY), (-38.5, EyeY + 4), (-27, EyeY + 4), (-19.5, EyeY), (-27, EyeY - 3.5), (-38.5, EyeY - 3.5),
        (19.5, EyeY), (27, EyeY + 4), (38.5, EyeY + 4), (45, EyeY), (38.5, EyeY - 3.5), (27, EyeY - 3.5),

        // 48–59 outer lips from the right corner clockwise in the image.
        (-MouthX, MouthY), (-16, MouthY + 5), (-6, MouthY + 7.5), (0, MouthY + 6.5), (6, MouthY + 7.5), (16, MouthY + 5),
        (MouthX, MouthY), (16, MouthY - 7), (7, MouthY - 10), (0, MouthY - 10.5), (-7, MouthY - 10), (-16, MouthY - 7),

        // 60–67 inner lips from the right corner clockwise in the image.
        (-22, MouthY), (-8, MouthY + 1), (0, MouthY + 0.8), (8, MouthY + 1),
        (22, MouthY), (8, MouthY - 1.5), (0, MouthY - 1.6), (-8, MouthY - 1.5),
    ];

    /// <summary>Builds the embedding for <see cref="ReferenceHeadMesh"/>.</summary>
    public static LandmarkEmbedding Build(ReferenceHeadMesh mesh)
    {
        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        for (int k = 0; k <= 8; k++)
        {
            double phi = ReferenceHeadMesh.LatitudeAt(Jaw[k].Y);
            double theta = Jaw[k].ThetaDeg * Math.PI / 180;
            points[k] = BindAt(phi, -theta);
            points[16 - k] = BindAt(phi, theta);
        }

        for (int k = 0; k < Inner.Length; k++)
        {
            (double x, double y) = Inner[k];
            double phi = ReferenceHeadMesh.LatitudeAt(y);
            points[17 + k] = BindAt(phi, ReferenceHeadMesh.LongitudeAt(x, phi));
        }

        return new LandmarkEmbedding(
            points,
            rightContourLandmarks: [0, 1, 2, 3, 4, 5, 6, 7],
            rightContourVertices: ContourLine(side: -1),
            leftContourLandmarks: [9, 10, 11, 12, 13, 14, 15, 16],
            leftContourVertices: ContourLine(side: +1));
    }

    /// <summary>
    /// Binds the surface point at grid parameters (φ, θ): finds the grid cell and the triangle of it that holds the
    /// point, with barycentric weights from the parameter plane (the cell is small enough for that to be accurate).
    /// </summary>
    private static LandmarkBinding BindAt(double phi, double theta)
    {
        double jf = (phi + (Math.PI / 2)) / (Math.PI / ReferenceHeadMesh.Parallels);
        int j0 = Math.Clamp((int)Math.Floor(jf), 1, ReferenceHeadMesh.Parallels - 2);
        double b = Math.Clamp(jf - j0, 0, 1);
        double fi = (theta + Math.PI) / (2 * Math.PI / ReferenceHeadMesh.Meridians);
        int i0 = (int)Math.Floor(fi);
        double a = fi - i0;
        int p00 = ReferenceHeadMesh.RingVertex(j0, i0), p10 = ReferenceHeadMesh.RingVertex(j0, i0 + 1);
        int p11 = ReferenceHeadMesh.RingVertex(j0 + 1, i0 + 1), p01 = ReferenceHeadMesh.RingVertex(j0 + 1, i0);

        // The cell is split along its (00)–(11) diagonal, as ReferenceHeadMesh triangulates it.
        return a >= b
            ? LandmarkBinding.InTriangle(p00, p10, p11, (float)(1 - a), (float)(a - b), (float)b)
            : LandmarkBinding.InTriangle(p00, p11, p01, (float)(1 - b), (float)a, (float)(b - a));
    }

    /// <summary>
    /// Contour candidates of one side (−1 right, +1 left): one vertex per grid ring along the jaw line, from ear
    /// level down to the chin, ordered top to bottom. Like SFM's contour lists, they form a polyline on the mesh;
    /// the fitter slides each jaw landmark along its projection, and the synthetic dataset picks the outermost
    /// projected candidates as the visible outline.
    /// </summary>
    private static int[] ContourLine(int side)
    {
        var line = new List<int>();
        for (int j = ReferenceHeadMesh.Parallels - 1; j >= 1; j--)
        {
            double phi = (-Math.PI / 2) + (j * Math.PI / ReferenceHeadMesh.Parallels);
            double y = ReferenceHeadMesh.HeightAt(phi);
            if (y > Jaw[0].Y || y < ChinY)
            {
                continue;
            }

            double theta = side * JawLongitudeDeg(y) * Math.PI / 180;
            int meridian = (int)Math.Round((theta + Math.PI) / (2 * Math.PI / ReferenceHeadMesh.Meridians));
            int vertex = ReferenceHeadMesh.RingVertex(j, meridian);
            if (line.Count == 0 || line[^1] != vertex)
            {
                line.Add(vertex);
            }
        }

        return [.. line];
    }

    /// <summary>The jaw line's longitude (degrees) at height y, interpolated in <see cref="Jaw"/>; 0 below the chin.</summary>
    private static double JawLongitudeDeg(double y)
    {
        if (y >= Jaw[0].Y)
        {
            return Jaw[0].ThetaDeg;
        }

        for (int k = 1; k < Jaw.Length; k++)
        {
            if (y >= Jaw[k].Y)
            {
                double t = (y - Jaw[k - 1].Y) / (Jaw[k].Y - Jaw[k - 1].Y);
                return Jaw[k - 1].ThetaDeg + (t * (Jaw[k].ThetaDeg - Jaw[k - 1].ThetaDeg));
            }
        }

        return 0;
    }
}
