namespace Facebench.Rendering;

/// <summary>
/// Lambertian shading under distant light expressed in second-order spherical harmonics (Ramamoorthi &amp; Hanrahan
/// 2001, "An Efficient Representation for Irradiance Environment Maps", SIGGRAPH; and "On the relationship between
/// radiance and irradiance", JOSA A 18(10), eq. 19–20). With the lighting's SH coefficients L_lm (l ≤ 2, nine per
/// colour channel), the irradiance at a surface with unit normal n is <c>E(n) = Σ Â_l · L_lm · Y_lm(n)</c>, where
/// Â_0 = π, Â_1 = 2π/3, Â_2 = π/4 are the SH coefficients of the clamped cosine (the Lambertian kernel), and a
/// surface of albedo ρ reflects radiance <c>B = ρ · E(n) / π</c>. This class evaluates the shading
/// <c>s(n) = E(n) / π = Σ_j ℓ_j · H_j(n)</c> with the shading basis <c>H_j = Â_l(j) · Y_j / π</c>, so that a rendered
/// colour is <c>albedo ∘ s</c>: a constant environment of unit radiance (ℓ_0 = √(4π) ≈ 3.545) gives s = 1.
/// <para>
/// Real SH in the order j = 0..8: Y_00, Y_1−1, Y_10, Y_11, Y_2−2, Y_2−1, Y_20, Y_21, Y_22, i.e.
/// <c>[k0, k1·y, k1·z, k1·x, k2·xy, k2·yz, k3·(3z² − 1), k2·xz, k4·(x² − y²)]</c> with the normalisations
/// k0 = √(1/4π) ≈ 0.282095, k1 = √(3/4π) ≈ 0.488603, k2 = √(15/4π) ≈ 1.092548, k3 = √(5/16π) ≈ 0.315392 and
/// k4 = √(15/16π) ≈ 0.546274 (R&amp;H 2001 eq. 3). Normals and lighting are in camera coordinates (x right, y down,
/// z forward): a face looking at the camera has normals near −z, so light from the camera has ℓ_2 &lt; 0.
/// Coefficients are stored per channel: ℓ[9·c + j] for c = R, G, B.
/// </para>
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>Coefficients per colour channel.</summary>
    public const int BasisCount = 9;

    /// <summary>Coefficients of RGB lighting (9 per channel).</summary>
    public const int CoefficientCount = 27;

    /// <summary>ℓ_0 of a constant environment of unit radiance: √(4π), which gives shading 1 everywhere.</summary>
    public static readonly double UnitAmbient = Math.Sqrt(4 * Math.PI);

    // Shading-basis constants Â_l · k / π (see the class remarks).
    private static readonly double H0 = Math.Sqrt(1 / (4 * Math.PI));                 // Â_0/π = 1
    private static readonly double H1 = 2.0 / 3.0 * Math.Sqrt(3 / (4 * Math.PI));     // Â_1/π = 2/3
    private static readonly double H2 = 0.25 * Math.Sqrt(15 / (4 * Math.PI));         // Â_2/π = 1/4
    private static readonly double H3 = 0.25 * Math.Sqrt(5 / (16 * Math.PI));
    private static readonly double H4 = 0.25 * Math.Sqrt(15 / (16 * Math.PI));

    /// <summary>Writes the nine shading-basis values H_j(n) for a unit normal (nx, ny, nz).</summary>
    public static void Basis(double nx, double ny, double nz, Span<double> h)
    {
        h[0] = H0;
        h[1] = H1 * ny;
        h[2] = H1 * nz;
        h[3] = H1 * nx;
        h[4] = H2 * nx * ny;
        h[5] = H2 * ny * nz;
        h[6] = H3 * ((3 * nz * nz) - 1);
        h[7] = H2 * nx * nz;
        h[8] = H4 * ((nx * nx) - (ny * ny));
    }

    /// <summary>
    /// Pulls a gradient on the nine basis values back to the normal: <c>∂/∂n Σ_j g_j·H_j(n)</c> (the normal is
    /// treated as a free 3-vector here; the renderer adds the normalisation's derivative).
    /// </summary>
    public static (double Gx, double Gy, double Gz) BasisGradient(double nx, double ny, double nz, ReadOnlySpan<double> g)
    {
        double gx = (H1 * g[3]) + (H2 * ((ny * g[4]) + (nz * g[7]))) + (2 * H4 * nx * g[8]);
        double gy = (H1 * g[1]) + (H2 * ((nx * g[4]) + (nz * g[5]))) - (2 * H4 * ny * g[8]);
        double gz = (H1 * g[2]) + (H2 * ((ny * g[5]) + (nx * g[7]))) + (6 * H3 * nz * g[6]);
        return (gx, gy, gz);
    }

    /// <summary>
    /// Lighting coefficients (27) for a constant ambient term plus a linear directional term: the shading is
    /// <c>ambient + directional · (n·d)</c> (bands l = 0 and 1 only, no clamping), per channel scaled by
    /// <paramref name="colour"/>. <paramref name="direction"/> points from the surface towards the light, in camera
    /// coordinates. Handy for synthetic scenes and as a fitting start (ambient 1, no directional part).
    /// </summary>
    public static void AmbientAndDirectional(double ambient, double directional, (double X, double Y, double Z) direction, (double R, double G, double B) colour, Span<double> lighting)
    {
        double norm = Math.Sqrt((direction.X * direction.X) + (direction.Y * direction.Y) + (direction.Z * direction.Z));
        double dx = norm > 0 ? direction.X / norm : 0, dy = norm > 0 ? direction.Y / norm : 0, dz = norm > 0 ? direction.Z / norm : 0;
        lighting[..CoefficientCount].Clear();
        for (int c = 0; c < 3; c++)
        {
            double k = c == 0 ? colour.R : c == 1 ? colour.G : colour.B;
            Span<double> l = lighting.Slice(BasisCount * c, BasisCount);
            l[0] = k * ambient / H0;
            l[1] = k * directional * dy / H1;
            l[2] = k * directional * dz / H1;
            l[3] = k * directional * dx / H1;
        }
    }
}
