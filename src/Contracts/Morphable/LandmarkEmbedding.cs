namespace Facebench.Contracts.Morphable;

/// <summary>
/// Where a landmark sits on a mesh: a weighted sum of up to three vertices. A plain vertex correspondence is
/// <c>(v, v, v; 1, 0, 0)</c>; a point inside a triangle carries its barycentric coordinates.
/// </summary>
public readonly record struct LandmarkBinding(int V0, int V1, int V2, float W0, float W1, float W2)
{
    /// <summary>"Not mapped": the model has no correspondence for this landmark.</summary>
    public static LandmarkBinding None => new(-1, -1, -1, 0, 0, 0);

    /// <summary>True when the landmark has a correspondence.</summary>
    public bool IsMapped => V0 >= 0;

    /// <summary>A landmark at one vertex.</summary>
    public static LandmarkBinding AtVertex(int vertex) => new(vertex, vertex, vertex, 1, 0, 0);

    /// <summary>A landmark inside a triangle, at barycentric coordinates (w0, w1, w2) summing to one.</summary>
    public static LandmarkBinding InTriangle(int v0, int v1, int v2, float w0, float w1, float w2) => new(v0, v1, v2, w0, w1, w2);
}

/// <summary>
/// The iBUG 68-point landmark scheme mapped onto a model: static points, plus the jaw-line (contour)
/// points that are not fixed to vertices but slide along the visible outline as the head turns
/// (the "contour" correspondence of eos and of FLAME's dynamic landmarks).
/// </summary>
public sealed class LandmarkEmbedding
{
    /// <summary>Number of points in the iBUG scheme.</summary>
    public const int IbugCount = 68;

    /// <summary>Creates an embedding.</summary>
    /// <param name="points">68 bindings in iBUG order (0-based); unmapped ones are <see cref="LandmarkBinding.None"/>.</param>
    /// <param name="rightContourLandmarks">iBUG indices (0-based) of the subject's right jaw-line points, image-left in a frontal view (typically 0..7).</param>
    /// <param name="rightContourVertices">Model vertices along the right outline, top to bottom, that those points may snap to.</param>
    /// <param name="leftContourLandmarks">iBUG indices of the left jaw-line points (typically 9..16).</param>
    /// <param name="leftContourVertices">Model vertices along the left outline, top to bottom.</param>
    public LandmarkEmbedding(
        IReadOnlyList<LandmarkBinding> points,
        IReadOnlyList<int> rightContourLandmarks,
        IReadOnlyList<int> rightContourVertices,
        IReadOnlyList<int> leftContourLandmarks,
        IReadOnlyList<int> leftContourVertices)
    {
        if (points.Count != IbugCount)
        {
            throw new ArgumentException($"A landmark embedding has {IbugCount} points, not {points.Count}.", nameof(points));
        }

        Points = [.. points];
        RightContourLandmarks = [.. rightContourLandmarks];
        RightContourVertices = [.. rightContourVertices];
        LeftContourLandmarks = [.. leftContourLandmarks];
        LeftContourVertices = [.. leftContourVertices];
    }

    /// <summary>68 bindings in iBUG order.</summary>
    public IReadOnlyList<LandmarkBinding> Points { get; }

    /// <summary>iBUG indices of the right jaw-line points that slide with pose.</summary>
    public IReadOnlyList<int> RightContourLandmarks { get; }

    /// <summary>Candidate vertices for the right jaw-line points.</summary>
    public IReadOnlyList<int> RightContourVertices { get; }

    /// <summary>iBUG indices of the left jaw-line points that slide with pose.</summary>
    public IReadOnlyList<int> LeftContourLandmarks { get; }

    /// <summary>Candidate vertices for the left jaw-line points.</summary>
    public IReadOnlyList<int> LeftContourVertices { get; }

    /// <summary>Number of mapped static points.</summary>
    public int MappedCount => Points.Count(p => p.IsMapped);

    /// <summary>True when the model has contour candidates for sliding jaw-line points.</summary>
    public bool HasContours => RightContourVertices.Count > 0 && LeftContourVertices.Count > 0;
}
