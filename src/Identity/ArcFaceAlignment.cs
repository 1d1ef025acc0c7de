using Facebench.Contracts;

namespace Facebench.Identity;

/// <summary>
/// ArcFace's face alignment (Deng et al., "ArcFace", CVPR 2019; insightface's <c>norm_crop</c>): the similarity that
/// takes five facial points (eye centres, nose tip, mouth corners) onto fixed positions in a 112×112 crop.
/// </summary>
public static class ArcFaceAlignment
{
    /// <summary>The crop's side in pixels.</summary>
    public const int Size = 112;

    /// <summary>The reference positions of the five points in the 112×112 crop (insightface's <c>arcface_dst</c>).</summary>
    public static IReadOnlyList<Point2> Reference { get; } =
    [
        new(38.2946, 51.6963), new(73.5318, 51.5014), new(56.0252, 71.7366), new(41.5493, 92.3655), new(70.7299, 92.2041),
    ];

    /// <summary>
    /// The five points from the 68 iBUG landmarks: the centres of the eyes (points 36–41 and 42–47, the subject's right
    /// eye first, as it appears on the image's left), the nose tip (30) and the mouth corners (48, 54).
    /// </summary>
    /// <exception cref="ArgumentException">Not 68 landmarks, or a point is not finite.</exception>
    public static Point2[] FivePoints(IReadOnlyList<Point2> ibug68)
    {
        if (ibug68.Count != 68)
        {
            throw new ArgumentException($"ArcFace alignment needs the 68 iBUG landmarks; {ibug68.Count} were given.");
        }

        if (ibug68.Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y)))
        {
            throw new ArgumentException("a landmark is not finite; the face cannot be aligned.");
        }

        return [Mean(ibug68, 36, 6), Mean(ibug68, 42, 6), ibug68[30], ibug68[48], ibug68[54]];
    }

    /// <summary>The similarity from image coordinates to the 112×112 crop for a face's 68 landmarks.</summary>
    public static Similarity2 Estimate(IReadOnlyList<Point2> ibug68) => Similarity2.Estimate(FivePoints(ibug68), [.. Reference]);

    private static Point2 Mean(IReadOnlyList<Point2> points, int first, int count)
    {
        double x = 0, y = 0;
        for (int i = first; i < first + count; i++)
        {
            x += points[i].X;
            y += points[i].Y;
        }

        return new Point2(x / count, y / count);
    }
}
