using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Rendering.Tests;

/// <summary>Small scenes the renderer tests draw: a bumpy hemisphere facing the camera, with UVs and a textured variant.</summary>
internal sealed class TestScene
{
    public required RenderMesh Mesh { get; init; }

    public required double[] Positions { get; init; }

    public required double[] Albedo { get; init; }

    public required double[] Lighting { get; init; }

    public Mat3 Rotation { get; set; } = Mat3.Flip180X;

    public Vec3 Translation { get; set; } = new(2, -3, 500);

    public double Scale { get; set; } = 1;

    public required RenderCamera Camera { get; set; }

    public TextureImage? Texture { get; init; }

    /// <summary>
    /// A hemisphere of radius 40 (model frame: y up, bulging towards +z, the face direction) with a little relief,
    /// <paramref name="rings"/> × <paramref name="segments"/> quads, CCW from outside, UVs from the spherical angles.
    /// </summary>
    public static TestScene Hemisphere(int rings = 8, int segments = 12, int size = 64, bool textured = false, ProjectionKind kind = ProjectionKind.Perspective, int seed = 1)
    {
        var positions = new List<double>();
        var uvs = new List<float>();
        var random = new Random(seed);
        // Vertex 0: the pole (+z); then rings of segments vertices at polar angle θ_r = (r/rings)·(π/2)·0.95.
        positions.AddRange([0, 0, 40]);
        uvs.AddRange([0.5f, 0.5f]);
        for (int r = 1; r <= rings; r++)
        {
            double theta = (double)r / rings * (Math.PI / 2) * 0.95;
            for (int s = 0; s < segments; s++)
            {
                double phi = 2 * Math.PI * s / segments;
                double radius = 40 * (1 + (0.04 * Math.Sin(3 * phi) * Math.Sin(2 * theta)));
                positions.AddRange([radius * Math.Sin(theta) * Math.Cos(phi), radius * Math.Sin(theta) * Math.Sin(phi), radius * Math.Cos(theta)]);
                double rho = 0.45 * r / rings;
                uvs.AddRange([(float)(0.5 + (rho * Math.Cos(phi))), (float)(0.5 + (rho * Math.Sin(phi)))]);
            }
        }

        int n = positions.Count / 3;
        int V(int r, int s) => r == 0 ? 0 : 1 + ((r - 1) * segments) + (((s % segments) + segments) % segments);
        var triangles = new List<int>();
        for (int s = 0; s < segments; s++)
        {
            triangles.AddRange([V(0, 0), V(1, s), V(1, s + 1)]);
            for (int r = 1; r < rings; r++)
            {
                triangles.AddRange([V(r, s), V(r + 1, s), V(r + 1, s + 1)]);
                triangles.AddRange([V(r, s), V(r + 1, s + 1), V(r, s + 1)]);
            }
        }

        // Make sure the winding is counter-clockwise seen from outside (+z side): flip if the first triangle's normal points inward.
        int[] tri = [.. triangles];
        double[] p = [.. positions];
        if (NormalZ(p, tri, 0) < 0)
        {
            for (int f = 0; f < tri.Length; f += 3)
            {
                (tri[f + 1], tri[f + 2]) = (tri[f + 2], tri[f + 1]);
            }
        }

        float[] vertexUvs = [.. uvs];
        var albedo = new double[3 * n];
        for (int i = 0; i < albedo.Length; i++)
        {
            albedo[i] = 0.3 + (0.5 * random.NextDouble());
        }

        var lighting = new double[SphericalHarmonics.CoefficientCount];
        SphericalHarmonics.AmbientAndDirectional(0.7, 0.4, (0.3, -0.4, -1), (1.0, 0.9, 0.8), lighting);
        for (int j = 0; j < lighting.Length; j++)
        {
            lighting[j] += 0.05 * (random.NextDouble() - 0.5);
        }

        TextureImage? texture = null;
        if (textured)
        {
            texture = new TextureImage(16, 16);
            for (int i = 0; i < texture.Texels.Length; i++)
            {
                texture.Texels[i] = (float)(0.3 + (0.5 * random.NextDouble()));
            }
        }

        double focal = kind == ProjectionKind.Perspective ? size * 0.9 * 500 / 90 : size * 0.9 / 90;
        return new TestScene
        {
            Mesh = new RenderMesh(n, tri, textured ? RenderMesh.CornerUvsFromVertices(tri, vertexUvs) : null),
            Positions = p,
            Albedo = albedo,
            Lighting = lighting,
            Camera = new RenderCamera(kind, focal, (size - 1) / 2.0 + 0.3, (size - 1) / 2.0 - 0.2, size, size),
            Texture = texture,
        };
    }

    private static double NormalZ(double[] p, int[] tri, int f)
    {
        int a = 3 * tri[3 * f], b = 3 * tri[(3 * f) + 1], c = 3 * tri[(3 * f) + 2];
        double ax = p[b] - p[a], ay = p[b + 1] - p[a + 1], bx = p[c] - p[a], by = p[c + 1] - p[a + 1];
        return (ax * by) - (ay * bx);
    }

    /// <summary>Draws the scene (geometry and shading) into <paramref name="renderer"/>.</summary>
    public void Render(DifferentiableRenderer renderer)
    {
        renderer.SetGeometry(Positions, Rotation, Translation, Scale, Camera);
        if (Texture is null)
        {
            renderer.Shade(Lighting, Albedo);
        }
        else
        {
            renderer.Shade(Lighting, Texture);
        }
    }
}
