using Facebench.Contracts;

namespace Facebench.Plugins.Report.DatasetStats;

/// <summary>
/// The normalising distance of 300-W: the distance between the outer eye corners, iBUG points 37 and 46
/// (0-based 36 and 45). Sagonas et al., "300 Faces In-the-Wild Challenge", IVC 2016.
/// </summary>
public static class InterOcularDistance
{
    /// <summary>0-based iBUG index of the subject's right outer eye corner.</summary>
    public const int RightOuterCorner = 36;

    /// <summary>0-based iBUG index of the subject's left outer eye corner.</summary>
    public const int LeftOuterCorner = 45;

    /// <summary>The distance, or NaN when the shape is not a 68-point shape or a corner is missing.</summary>
    public static double Of(IReadOnlyList<Point2> shape) =>
        shape.Count == LandmarkEmbeddingSize && shape[RightOuterCorner].IsValid && shape[LeftOuterCorner].IsValid
            ? shape[RightOuterCorner].DistanceTo(shape[LeftOuterCorner])
            : double.NaN;

    private const int LandmarkEmbeddingSize = 68;
}
