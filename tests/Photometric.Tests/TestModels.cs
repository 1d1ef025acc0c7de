using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Morphable.Texture;
using Facebench.Rendering;

namespace Facebench.Photometric.Tests;

/// <summary>
/// A small morphable model the objective tests can differentiate quickly: a bumpy hemisphere 80 mm in radius facing +z
/// (rings × segments quads, counter-clockwise from outside), three identity fields and one expression field
/// (Gram–Schmidt orthonormal), 68 landmarks bound to spread-out vertices, per-vertex texture coordinates; with a
/// per-vertex and a UV texture model of two components each.
/// </summary>
internal static class TestModels
{
    public const int Rings = 14, Segments = 20;

    public static LinearMorphableModel Hemisphere()
    {
        var positions = new List<double> { 0, 0, 80 };
        var uvs = new List<float> { 0.5f, 0.5f };
        for (int r = 1; r <= Rings; r++)
        {
            double theta = (double)r / Rings * (Math.PI / 2) * 0.9;
            for (int s = 0; s < Segments; s++)
            {
                double phi = 2 * Math.PI * s / Segments;
                double radius = 80 * (1 + (0.05 * Math.Sin(3 * phi) * Math.Sin(2 * theta)));
                positions.AddRange([radius * Math.Sin(theta) * Math.Cos(phi), radius * Math.Sin(theta) * Math.Sin(phi), radius * Math.Cos(theta)]);
                uvs.AddRange([(float)(0.5 + (0.45 * r / Rings * Math.Cos(phi))), (float)(0.5 + (0.45 * r / Rings * Math.Sin(phi)))]);
            }
        }

        int n = positions.Count / 3;
        int V(int r, int s) => r == 0 ? 0 : 1 + ((r - 1) * Segments) + (((s % Segments) + Segments) % Segments);
        var triangles = new List<int>();
        for (int s = 0; s < Segments; s++)
        {
            triangles.AddRange([V(0, 0), V(1, s), V(1, s + 1)]);
            for (int r = 1; r < Rings; r++)
            {
                triangles.AddRange([V(r, s), V(r + 1, s), V(r + 1, s + 1), V(r, s), V(r + 1, s + 1), V(r, s + 1)]);
            }
        }

        // Phi grows counter-clockwise seen from +z, so (pole, ring s, ring s+1) is counter-clockwise from outside.
        double[] mean = [.. positions];
        double[][] fields =
        [
            [.. Enumerable.Range(0, 3 * n).Select(i => i % 3 == 2 ? 6 * Math.Cos(mean[i - 2] / 60) : 0.0)],
            [.. Enumerable.Range(0, 3 * n).Select(i => i % 3 == 0 ? 0.08 * mean[i] : 0.0)],
            [.. Enumerable.Range(0, 3 * n).Select(i => i % 3 == 1 ? 0.06 * mean[i] : 0.0)],
            [.. Enumerable.Range(0, 3 * n).Select(i => i % 3 == 2 ? 4 * Math.Exp(-Math.Pow((mean[i - 1] + 30) / 20, 2)) : 0.0)],
        ];
        (float[] basis, float[] sd) = Orthonormal(fields[..3], n);
        (float[] expression, float[] expressionSd) = Orthonormal(fields[3..], n);
        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = LandmarkBinding.AtVertex(1 + ((i * 37) % (n - 1)));
        }

        var landmarks = new LandmarkEmbedding(points, [], [], [], []);
        return new LinearMorphableModel("test hemisphere", 1, [.. mean.Select(v => (float)v)], basis, sd, expression, expressionSd, [.. triangles], [.. uvs], landmarks);
    }

    /// <summary>A per-vertex albedo: a smooth pattern with some contrast, two components, the whole mesh as face region.</summary>
    public static LinearTextureModel VertexTexture(IMorphableModel model)
    {
        int n = model.VertexCount;
        ReadOnlySpan<float> m = model.Mean;
        var mean = new float[3 * n];
        var basis = new float[3 * n * 2];
        for (int v = 0; v < n; v++)
        {
            double x = m[3 * v], y = m[(3 * v) + 1];
            for (int c = 0; c < 3; c++)
            {
                mean[(3 * v) + c] = (float)(0.55 + (0.15 * Math.Sin((x / 15) + c)) + (0.1 * Math.Cos(y / 11)));
                basis[(((3 * v) + c) * 2) + 0] = (float)(c == 0 ? 0.05 : 0.02);
                basis[(((3 * v) + c) * 2) + 1] = (float)(0.03 * Math.Sin(y / 20));
            }
        }

        return new LinearTextureModel("test vertex albedo", TextureLayout.PerVertex, n, 0, 0, mean, basis, [1, 1], [], []);
    }

    /// <summary>A 24 × 24 UV albedo over the model's per-vertex texture coordinates, two components.</summary>
    public static LinearTextureModel UvTexture(IMorphableModel model)
    {
        const int size = 24;
        var mean = new float[size * size * 3];
        var basis = new float[size * size * 3 * 2];
        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < size; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int t = (3 * ((j * size) + i)) + c;
                    mean[t] = (float)(0.5 + (0.2 * Math.Sin((i * 0.7) + c)) + (0.1 * Math.Cos(j * 0.5)));
                    basis[(2 * t) + 0] = 0.04f;
                    basis[(2 * t) + 1] = (float)(0.03 * Math.Cos(i * 0.3));
                }
            }
        }

        float[] corners = RenderMesh.CornerUvsFromVertices(model.Triangles, model.TextureCoordinates);
        return new LinearTextureModel("test UV albedo", TextureLayout.UvMap, model.VertexCount, size, size, mean, basis, [1, 1], corners, []);
    }

    /// <summary>A frontal pose (the face looking at the camera, slightly turned) and a camera for a square crop.</summary>
    public static (Mat3 Rotation, Vec3 Translation, RenderCamera Camera) View(int size) =>
        (HeadPose.CameraFromModel(0.25, -0.1, 0.05), new Vec3(4, -3, 600), new RenderCamera(ProjectionKind.Perspective, size * 2.4, (size - 1) / 2.0, (size - 1) / 2.0, size, size));

    private static (float[] Basis, float[] StdDev) Orthonormal(double[][] fields, int n)
    {
        int k = fields.Length;
        var columns = new List<double[]>();
        var sd = new float[k];
        foreach (double[] field in fields)
        {
            double[] c = [.. field];
            foreach (double[] previous in columns)
            {
                double d = c.Zip(previous, (a, b) => a * b).Sum();
                for (int i = 0; i < c.Length; i++)
                {
                    c[i] -= d * previous[i];
                }
            }

            double norm = Math.Sqrt(c.Sum(x => x * x));
            sd[columns.Count] = (float)norm;
            columns.Add([.. c.Select(x => x / norm)]);
        }

        var basis = new float[3 * n * k];
        for (int r = 0; r < 3 * n; r++)
        {
            for (int j = 0; j < k; j++)
            {
                basis[(r * k) + j] = (float)columns[j][r];
            }
        }

        return (basis, sd);
    }
}
