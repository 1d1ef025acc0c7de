namespace Facebench.Rendering;

/// <summary>
/// Bakes per-vertex colours into a texture image by rasterising the mesh in its uv layout: each texel centre inside a
/// triangle's uv footprint gets the barycentric interpolation of the corners' colours, the same interpolation the
/// renderer applies on screen (Gouraud), so a viewer that maps the image with the mesh's <c>vt</c> shows what the fit
/// rendered. Texels no triangle covers stay black and are reported as uncovered.
/// </summary>
public static class UvTextureBaker
{
    /// <summary>Bakes a square texture.</summary>
    /// <param name="textureCoordinates">Per-vertex uv in [0, 1] (2N floats), v pointing up (the OBJ convention).</param>
    /// <param name="triangles">Vertex-index triples.</param>
    /// <param name="vertexColours">Per-vertex RGB (3N floats).</param>
    /// <param name="size">Width and height of the image, texels.</param>
    /// <param name="covered">Receives, per texel (row-major, row 0 at v = 1), whether a triangle covers it.</param>
    /// <returns>The image, interleaved RGB, row 0 at v = 1.</returns>
    public static double[] Bake(ReadOnlySpan<float> textureCoordinates, ReadOnlySpan<int> triangles, ReadOnlySpan<float> vertexColours, int size, out bool[] covered)
    {
        int n = vertexColours.Length / 3;
        if (size <= 0 || vertexColours.Length != 3 * n || textureCoordinates.Length != 2 * n || triangles.Length % 3 != 0)
        {
            throw new ArgumentException($"uv baking needs 2N uv and 3N colour values and a positive size; got {textureCoordinates.Length} uv, {vertexColours.Length} colours, size {size}.");
        }

        var image = new double[3 * size * size];
        covered = new bool[size * size];
        for (int t = 0; t < triangles.Length; t += 3)
        {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];
            if ((uint)a >= (uint)n || (uint)b >= (uint)n || (uint)c >= (uint)n)
            {
                throw new ArgumentException($"triangle {t / 3} refers to a vertex outside the {n} given.");
            }

            // Texel space: x = u·size, y = (1 − v)·size; texel (i, j) has its centre at (i + ½, j + ½).
            double ax = textureCoordinates[2 * a] * size, ay = (1 - textureCoordinates[(2 * a) + 1]) * size;
            double bx = textureCoordinates[2 * b] * size, by = (1 - textureCoordinates[(2 * b) + 1]) * size;
            double cx = textureCoordinates[2 * c] * size, cy = (1 - textureCoordinates[(2 * c) + 1]) * size;
            double area = ((bx - ax) * (cy - ay)) - ((cx - ax) * (by - ay));
            if (area == 0 || !double.IsFinite(area))
            {
                continue; // degenerate in uv: covers no texel
            }

            int x0 = Math.Max(0, (int)Math.Floor(Math.Min(ax, Math.Min(bx, cx)))), x1 = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(ax, Math.Max(bx, cx))));
            int y0 = Math.Max(0, (int)Math.Floor(Math.Min(ay, Math.Min(by, cy)))), y1 = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(ay, Math.Max(by, cy))));
            for (int y = y0; y <= y1; y++)
            {
                double py = y + 0.5;
                for (int x = x0; x <= x1; x++)
                {
                    double px = x + 0.5;
                    double wa = (((bx - px) * (cy - py)) - ((cx - px) * (by - py))) / area;
                    double wb = (((cx - px) * (ay - py)) - ((ax - px) * (cy - py))) / area;
                    double wc = 1 - wa - wb;
                    if (wa < 0 || wb < 0 || wc < 0)
                    {
                        continue;
                    }

                    int p = (y * size) + x;
                    covered[p] = true;
                    for (int k = 0; k < 3; k++)
                    {
                        image[(3 * p) + k] = (wa * vertexColours[(3 * a) + k]) + (wb * vertexColours[(3 * b) + k]) + (wc * vertexColours[(3 * c) + k]);
                    }
                }
            }
        }

        return image;
    }
}
