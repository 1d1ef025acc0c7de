namespace Facebench.Rendering;

/// <summary>
/// What the renderer draws: triangles over N vertices (counter-clockwise seen from outside, as
/// <see cref="Contracts.Morphable.IMorphableModel.Triangles"/>), optional texture coordinates per triangle corner
/// (u, v in [0, 1], v up: texel row 0 is v = 1, as OBJ and FLAME store them), which triangles are drawn, and which
/// of those belong to the face region whose pixels form the photometric mask. Every triangle, drawn or not, shapes
/// the vertex normals: a mesh cropped to the face keeps the ring of triangles around its drawn part so that the
/// normals (and so the shading) at its border equal the whole model's. Immutable; shared by renderers on several threads.
/// </summary>
public sealed class RenderMesh
{
    private readonly int[] _triangles;
    private readonly float[] _cornerUvs;
    private readonly bool[] _inRegion;
    private readonly bool[] _drawn;

    /// <summary>Creates a mesh.</summary>
    /// <param name="vertexCount">N.</param>
    /// <param name="triangles">3T vertex indices.</param>
    /// <param name="cornerUvs">6T floats (u, v per corner, in triangle order) or empty for per-vertex colour only.</param>
    /// <param name="inRegion">T flags (true: the triangle's pixels count in the face mask) or empty for all.</param>
    /// <param name="drawn">T flags (true: the triangle is rasterised) or empty for all.</param>
    /// <exception cref="ArgumentException">
    /// An index is out of range, a triangle repeats a vertex (degenerate by construction), or the UV or region arrays
    /// have the wrong length or hold non-finite values.
    /// </exception>
    public RenderMesh(int vertexCount, int[] triangles, float[]? cornerUvs = null, bool[]? inRegion = null, bool[]? drawn = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vertexCount, 3);
        ArgumentNullException.ThrowIfNull(triangles);
        if (triangles.Length == 0 || triangles.Length % 3 != 0)
        {
            throw new ArgumentException($"{triangles.Length} triangle indices; expected a positive multiple of 3.", nameof(triangles));
        }

        int t = triangles.Length / 3;
        for (int i = 0; i < t; i++)
        {
            int a = triangles[3 * i], b = triangles[(3 * i) + 1], c = triangles[(3 * i) + 2];
            if ((uint)a >= (uint)vertexCount || (uint)b >= (uint)vertexCount || (uint)c >= (uint)vertexCount)
            {
                throw new ArgumentException($"triangle {i} ({a}, {b}, {c}) refers to a vertex outside [0, {vertexCount}).", nameof(triangles));
            }

            if (a == b || b == c || a == c)
            {
                throw new ArgumentException($"triangle {i} ({a}, {b}, {c}) repeats a vertex: a degenerate triangle.", nameof(triangles));
            }
        }

        cornerUvs ??= [];
        if (cornerUvs.Length != 0 && cornerUvs.Length != 6 * t)
        {
            throw new ArgumentException($"{cornerUvs.Length} corner texture coordinates; expected 0 or 6T = {6 * t}.", nameof(cornerUvs));
        }

        foreach (float x in cornerUvs)
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException("texture coordinates hold NaN or infinite values.", nameof(cornerUvs));
            }
        }

        inRegion ??= [];
        if (inRegion.Length != 0 && inRegion.Length != t)
        {
            throw new ArgumentException($"{inRegion.Length} region flags; expected 0 or T = {t}.", nameof(inRegion));
        }

        drawn ??= [];
        if (drawn.Length != 0 && drawn.Length != t)
        {
            throw new ArgumentException($"{drawn.Length} drawn flags; expected 0 or T = {t}.", nameof(drawn));
        }

        VertexCount = vertexCount;
        _triangles = triangles;
        _drawn = drawn.Length == 0 ? [.. Enumerable.Repeat(true, t)] : drawn;
        _cornerUvs = cornerUvs;
        _inRegion = inRegion.Length == 0 ? [.. Enumerable.Repeat(true, t)] : inRegion;
    }

    /// <summary>Number of vertices N.</summary>
    public int VertexCount { get; }

    /// <summary>Number of triangles T.</summary>
    public int TriangleCount => _triangles.Length / 3;

    /// <summary>Vertex-index triples.</summary>
    public ReadOnlySpan<int> Triangles => _triangles;

    /// <summary>Texture coordinates per corner (6T), or empty.</summary>
    public ReadOnlySpan<float> CornerUvs => _cornerUvs;

    /// <summary>True when the mesh carries texture coordinates.</summary>
    public bool HasUvs => _cornerUvs.Length > 0;

    /// <summary>Per triangle: whether its pixels belong to the face mask (only drawn triangles have pixels).</summary>
    public ReadOnlySpan<bool> InRegion => _inRegion;

    /// <summary>Per triangle: whether it is rasterised.</summary>
    public ReadOnlySpan<bool> Drawn => _drawn;

    /// <summary>Texture coordinates per corner from per-vertex ones (2N floats), as meshes without seams store them.</summary>
    public static float[] CornerUvsFromVertices(ReadOnlySpan<int> triangles, ReadOnlySpan<float> vertexUvs)
    {
        var corners = new float[2 * triangles.Length];
        for (int k = 0; k < triangles.Length; k++)
        {
            corners[2 * k] = vertexUvs[2 * triangles[k]];
            corners[(2 * k) + 1] = vertexUvs[(2 * triangles[k]) + 1];
        }

        return corners;
    }

    /// <summary>
    /// Region flags of the triangles whose three vertices all have a region weight of at least
    /// <paramref name="threshold"/> (weights per vertex, e.g. <c>ITextureModel.FaceRegion</c>); all true when
    /// <paramref name="vertexWeights"/> is empty.
    /// </summary>
    public static bool[] RegionFromVertices(ReadOnlySpan<int> triangles, ReadOnlySpan<float> vertexWeights, float threshold = 0.5f)
    {
        var flags = new bool[triangles.Length / 3];
        for (int i = 0; i < flags.Length; i++)
        {
            flags[i] = vertexWeights.IsEmpty
                || (vertexWeights[triangles[3 * i]] >= threshold && vertexWeights[triangles[(3 * i) + 1]] >= threshold && vertexWeights[triangles[(3 * i) + 2]] >= threshold);
        }

        return flags;
    }
}
