using static Facebench.Morphable.Reference.FaceFeatures;

namespace Facebench.Morphable.Reference;

/// <summary>
/// The neutral mesh of the synthetic reference head: a latitude–longitude grid (rings of constant φ, meridians of
/// constant θ, θ = 0 facing +z) wrapped on a head-shaped surface, then given a face by <see cref="FaceFeatures.Relief"/>.
/// <para>
/// The surface is lofted from horizontal super-elliptic cross-sections whose half-width, front depth and back
/// depth vary with height: a skull about 152 mm wide and 230 mm high, a face plane about 95 mm in front of the centre,
/// a jaw that narrows towards the chin, and a lower face pulled forward so that the chin sits under the mouth rather
/// than receding like an ellipsoid's. The relief moves vertices only along z (and the ears along x), so a point's
/// frontal (x, y) is its cross-section position; this makes the landmark placement by frontal coordinates exact.
/// </para>
/// Vertex order: the bottom pole, rings bottom to top (each <see cref="Meridians"/> vertices from θ = −π), the top pole.
/// The texture seam (u wraps) is at the back of the head.
/// </summary>
internal sealed class ReferenceHeadMesh
{
    /// <summary>Vertices per ring; even, so that one meridian runs down the face's midline.</summary>
    public const int Meridians = 128;

    /// <summary>Latitude bands; rings are at φ_j = −π/2 + jπ/Parallels for j = 1..Parallels−1.</summary>
    public const int Parallels = 100;

    private const double HalfWidth = 76, FrontDepth = 95, BackDepth = 100, TopHeight = 118, BottomHeight = 112;

    /// <summary>Super-ellipse exponent of the cross-sections (below 1: squarer than an ellipse, like a skull).</summary>
    private const double CrossSectionExponent = 0.85;

    public ReferenceHeadMesh()
    {
        int n = 2 + ((Parallels - 1) * Meridians);
        Vertices = new double[3 * n];
        FrontWeight = new double[n];
        TextureCoordinates = new float[2 * n];
        SetVertex(0, -Math.PI / 2, 0, u: 0.5, v: 0);
        for (int j = 1; j < Parallels; j++)
        {
            double phi = (-Math.PI / 2) + (j * Math.PI / Parallels);
            for (int i = 0; i < Meridians; i++)
            {
                SetVertex(RingVertex(j, i), phi, Longitude(i), u: (double)i / Meridians, v: (double)j / Parallels);
            }
        }

        SetVertex(n - 1, Math.PI / 2, 0, u: 0.5, v: 1);
        Triangles = BuildTriangles(n);
    }

    /// <summary>Positions, interleaved xyz, mm.</summary>
    public double[] Vertices { get; }

    /// <summary>How much a vertex belongs to the face (1 on the face, 0 at the sides and back): the mask of facial fields.</summary>
    public double[] FrontWeight { get; }

    /// <summary>Triangles, counter-clockwise seen from outside.</summary>
    public int[] Triangles { get; }

    /// <summary>Per-vertex (u, v): longitude and latitude fractions.</summary>
    public float[] TextureCoordinates { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => FrontWeight.Length;

    /// <summary>Index of ring <paramref name="j"/> (1..Parallels−1), meridian <paramref name="i"/> (wrapped).</summary>
    public static int RingVertex(int j, int i) => 1 + ((j - 1) * Meridians) + (((i % Meridians) + Meridians) % Meridians);

    /// <summary>Longitude of meridian i: from −π at the back, through 0 on the face's midline.</summary>
    public static double Longitude(int i) => (2 * Math.PI * i / Meridians) - Math.PI;

    /// <summary>Height of the surface at latitude φ.</summary>
    public static double HeightAt(double phi) => (phi >= 0 ? TopHeight : BottomHeight) * Math.Sin(phi);

    /// <summary>Latitude of the surface at height y (inverse of <see cref="HeightAt"/>).</summary>
    public static double LatitudeAt(double y) => Math.Asin(Math.Clamp(y / (y >= 0 ? TopHeight : BottomHeight), -1, 1));

    /// <summary>Half-width of the cross-section at latitude φ: the skull narrows into the jaw below the cheekbones.</summary>
    public static double HalfWidthAt(double phi)
    {
        double y = HeightAt(phi);
        double jawTaper = 1 - (0.2 * SmoothStep(-15, -100, y));
        return HalfWidth * Math.Pow(Math.Cos(phi), 0.6) * jawTaper;
    }

    /// <summary>
    /// Longitude of the front-facing point with frontal coordinate x at latitude φ (inverse of the cross-section's x).
    /// </summary>
    public static double LongitudeAt(double x, double phi)
    {
        double s = Math.Clamp(Math.Abs(x) / HalfWidthAt(phi), 0, 1);
        return Math.CopySign(Math.Asin(Math.Pow(s, 1 / CrossSectionExponent)), x);
    }

    /// <summary>The neutral surface point at (φ, θ) and its face weight.</summary>
    public static (double X, double Y, double Z, double Front) Surface(double phi, double theta)
    {
        double c = Math.Max(Math.Cos(phi), 0);
        double y = HeightAt(phi);
        double s = Math.Sin(theta), k = Math.Cos(theta);
        double front = FrontDepth * Math.Pow(c, phi < 0 ? 0.35 : 0.5);
        double back = BackDepth * Math.Pow(c, 0.6);
        double x = HalfWidthAt(phi) * SignedPow(s, CrossSectionExponent);
        double z = (k >= 0 ? front : back) * SignedPow(k, CrossSectionExponent);

        // The face: relief along z on the front, faded out towards the sides; ears as bumps on the sides.
        double weight = SmoothStep(0.15, 0.55, k) * SmoothStep(-112, -100, y);
        z += weight * Relief(x, y);
        double ear = 9 * Math.Exp(-0.5 * Math.Pow((Math.Abs(theta) - 1.75) / 0.13, 2)) * Math.Exp(-0.5 * Math.Pow(y / 14, 2));
        x += Math.CopySign(ear, s);
        return (x, y, z, weight);
    }

    private void SetVertex(int index, double phi, double theta, double u, double v)
    {
        (double x, double y, double z, double front) = Surface(phi, theta);
        Vertices[3 * index] = x;
        Vertices[(3 * index) + 1] = y;
        Vertices[(3 * index) + 2] = z;
        FrontWeight[index] = front;
        TextureCoordinates[2 * index] = (float)u;
        TextureCoordinates[(2 * index) + 1] = (float)v;
    }

    private static int[] BuildTriangles(int n)
    {
        var t = new List<int>(6 * n);
        int bottom = 0, top = n - 1;
        for (int i = 0; i < Meridians; i++)
        {
            // Increasing i runs towards +x on the face, increasing j upwards: (j,i) → (j,i+1) → (j+1,i+1) is CCW from outside.
            t.AddRange([bottom, RingVertex(1, i + 1), RingVertex(1, i)]);
            for (int j = 1; j < Parallels - 1; j++)
            {
                int a = RingVertex(j, i), b = RingVertex(j, i + 1), c = RingVertex(j + 1, i + 1), d = RingVertex(j + 1, i);
                t.AddRange([a, b, c, a, c, d]);
            }

            t.AddRange([RingVertex(Parallels - 1, i), RingVertex(Parallels - 1, i + 1), top]);
        }

        return [.. t];
    }

    private static double SignedPow(double v, double p) => Math.CopySign(Math.Pow(Math.Abs(v), p), v);
}
