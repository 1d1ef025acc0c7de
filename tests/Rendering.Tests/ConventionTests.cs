using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Rendering.Tests;

/// <summary>The renderer's conventions: pixel centres, winding and culling, depth order, the SH basis.</summary>
public sealed class ConventionTests
{
    [Fact]
    public void A_square_covers_exactly_the_pixel_centres_inside_it()
    {
        // A square in the plane z = 0 of the model, seen frontally by an orthographic camera of 1 px per unit:
        // model (x, y) maps to image (x + cx, −y + cy). Corners at ±2.5 cover the centres −2..2: 5 × 5 pixels.
        double[] positions = [-2.5, -2.5, 0, 2.5, -2.5, 0, 2.5, 2.5, 0, -2.5, 2.5, 0];
        var mesh = new RenderMesh(4, [0, 1, 2, 0, 2, 3]);
        var renderer = new DifferentiableRenderer(mesh, 16, 16);
        var camera = new RenderCamera(ProjectionKind.Orthographic, 1, 8, 8, 16, 16);
        renderer.SetGeometry(positions, Mat3.Flip180X, new Vec3(0, 0, 10), 1, camera);

        Assert.Equal(25, renderer.CoveredPixels.Length);
        foreach (int p in renderer.CoveredPixels)
        {
            Assert.InRange(p % 16, 6, 10);
            Assert.InRange(p / 16, 6, 10);
        }

        // The mask drops the one-pixel border: 3 × 3 interior pixels.
        Assert.Equal(9, renderer.MaskPixels.Length);
    }

    [Fact]
    public void Triangles_facing_away_are_culled_and_the_nearest_surface_wins()
    {
        // Two parallel squares facing the camera at depths 10 and 20 (perspective), and a reversed copy of the near one.
        double[] positions =
        [
            -1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0,       // near square, model z = 0 → camera z = 10
            -1, -1, -10, 1, -1, -10, 1, 1, -10, -1, 1, -10, // far square → camera z = 20
        ];
        int[] front = [0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7];
        var camera = new RenderCamera(ProjectionKind.Perspective, 50, 15.5, 15.5, 32, 32);
        var renderer = new DifferentiableRenderer(new RenderMesh(8, front), 32, 32);
        renderer.SetGeometry(positions, Mat3.Flip180X, new Vec3(0, 0, 10), 1, camera);
        int centre = (16 * 32) + 16;
        Assert.True(renderer.TriangleAt[centre] is 0 or 1, $"the near square should be visible at the centre, found triangle {renderer.TriangleAt[centre]}");

        int[] reversed = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7];
        renderer = new DifferentiableRenderer(new RenderMesh(8, reversed), 32, 32);
        renderer.SetGeometry(positions, Mat3.Flip180X, new Vec3(0, 0, 10), 1, camera);
        Assert.True(renderer.TriangleAt[centre] is 2 or 3, "a square wound clockwise (facing away) is culled, the far one shows");
    }

    [Fact]
    public void Unit_ambient_light_shades_one_and_a_point_light_approximates_the_clamped_cosine()
    {
        Span<double> h = stackalloc double[9];
        SphericalHarmonics.Basis(0.6, 0, -0.8, h);
        Assert.Equal(1.0, SphericalHarmonics.UnitAmbient * h[0], 12);

        // A unit point light from direction d has radiance SH coefficients L_lm = Y_lm(d) (R&H 2001 eq. 7); the
        // irradiance E(n) = π·s(n) should then approximate max(n·d, 0), with the known l ≤ 2 overshoot of 6% straight on.
        var d = new Vec3(0.3, -0.2, -0.93).Normalized();
        Span<double> hd = stackalloc double[9];
        SphericalHarmonics.Basis(d.X, d.Y, d.Z, hd);
        double[] kernelOverPi = [1, 2.0 / 3, 2.0 / 3, 2.0 / 3, 0.25, 0.25, 0.25, 0.25, 0.25]; // Â_l / π
        double[] lighting = new double[9];
        for (int j = 0; j < 9; j++)
        {
            lighting[j] = hd[j] / kernelOverPi[j]; // H_j(d) = (Â_l/π)·Y_j(d), so this is Y_j(d) = L_j
        }

        foreach (double angle in new[] { 0.0, 0.5, 1.0, 1.3 })
        {
            // A normal at the given angle from d.
            Vec3 n = (Math.Cos(angle) * d) + (Math.Sin(angle) * Vec3.Cross(d, Vec3.UnitX).Normalized());
            SphericalHarmonics.Basis(n.X, n.Y, n.Z, h);
            double irradiance = 0;
            for (int j = 0; j < 9; j++)
            {
                irradiance += Math.PI * lighting[j] * h[j];
            }

            Assert.InRange(irradiance, Math.Cos(angle) - 0.09, Math.Cos(angle) + 0.09);
        }
    }

    [Fact]
    public void The_basis_gradient_matches_finite_differences()
    {
        var random = new Random(2);
        Span<double> plus = stackalloc double[9];
        Span<double> minus = stackalloc double[9];
        double[] g = [.. Enumerable.Range(0, 9).Select(_ => random.NextDouble() - 0.5)];
        (double x, double y, double z) = (0.3, -0.5, 0.7);
        (double gx, double gy, double gz) = SphericalHarmonics.BasisGradient(x, y, z, g);
        double[] analytic = [gx, gy, gz];
        for (int k = 0; k < 3; k++)
        {
            double h = 1e-6;
            SphericalHarmonics.Basis(x + (k == 0 ? h : 0), y + (k == 1 ? h : 0), z + (k == 2 ? h : 0), plus);
            SphericalHarmonics.Basis(x - (k == 0 ? h : 0), y - (k == 1 ? h : 0), z - (k == 2 ? h : 0), minus);
            double fd = 0;
            for (int j = 0; j < 9; j++)
            {
                fd += g[j] * (plus[j] - minus[j]) / (2 * h);
            }

            Assert.Equal(fd, analytic[k], 8);
        }
    }
}
