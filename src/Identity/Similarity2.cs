using Facebench.Contracts;

namespace Facebench.Identity;

/// <summary>
/// A 2-D similarity transform p ↦ [a −b; b a]·p + t (rotation, uniform scale, translation), as face-recognition
/// pipelines align faces with it.
/// </summary>
/// <param name="A">s·cos θ.</param>
/// <param name="B">s·sin θ.</param>
/// <param name="Tx">Translation x.</param>
/// <param name="Ty">Translation y.</param>
public readonly record struct Similarity2(double A, double B, double Tx, double Ty)
{
    /// <summary>The scale s.</summary>
    public double Scale => Math.Sqrt((A * A) + (B * B));

    /// <summary>The image of a point.</summary>
    public Point2 Apply(Point2 p) => new((A * p.X) - (B * p.Y) + Tx, (B * p.X) + (A * p.Y) + Ty);

    /// <summary>The inverse transform.</summary>
    public Similarity2 Inverse()
    {
        double d = (A * A) + (B * B);
        double a = A / d, b = -B / d;
        return new Similarity2(a, b, -((a * Tx) - (b * Ty)), -((b * Tx) + (a * Ty)));
    }

    /// <summary>
    /// The least-squares similarity taking <paramref name="from"/> onto <paramref name="to"/> (Umeyama 1991, PAMI 13(4),
    /// in its 2-D closed form: with centred points, a = Σ(x·u + y·v)/Σ|p|², b = Σ(x·v − y·u)/Σ|p|²), as scikit-image's
    /// <c>SimilarityTransform.estimate</c> that ArcFace's alignment uses.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two points, different counts, or all source points equal.</exception>
    public static Similarity2 Estimate(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> to)
    {
        if (from.Length != to.Length || from.Length < 2)
        {
            throw new ArgumentException($"a similarity needs two or more point pairs ({from.Length} and {to.Length} given).");
        }

        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < from.Length; i++)
        {
            fx += from[i].X;
            fy += from[i].Y;
            tx += to[i].X;
            ty += to[i].Y;
        }

        int n = from.Length;
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double x = from[i].X - fx, y = from[i].Y - fy, u = to[i].X - tx, v = to[i].Y - ty;
            dot += (x * u) + (y * v);
            cross += (x * v) - (y * u);
            norm += (x * x) + (y * y);
        }

        if (!(norm > 0))
        {
            throw new ArgumentException("the source points all coincide; no similarity maps them.");
        }

        double a = dot / norm, b = cross / norm;
        return new Similarity2(a, b, tx - ((a * fx) - (b * fy)), ty - ((b * fx) + (a * fy)));
    }
}
