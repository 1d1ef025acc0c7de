namespace Facebench.Detection;

/// <summary>One weighted rectangle of a Haar feature, in window pixels.</summary>
/// <param name="X">Left (for a tilted rectangle: the top corner's x).</param>
/// <param name="Y">Top.</param>
/// <param name="Width">Width (for a tilted rectangle: the length of the edge going down-right).</param>
/// <param name="Height">Height (for a tilted rectangle: the length of the edge going down-left).</param>
/// <param name="Weight">Weight the rectangle's pixel sum is multiplied by (single precision, as OpenCV reads it).</param>
public readonly record struct HaarRectangle(int X, int Y, int Width, int Height, float Weight);

/// <summary>A Haar-like feature: two or three weighted rectangles, all upright or all tilted by 45°.</summary>
/// <param name="Rectangles">The rectangles (at most three).</param>
/// <param name="Tilted">True for rectangles rotated by 45° (read from the tilted integral image).</param>
public sealed record HaarFeature(IReadOnlyList<HaarRectangle> Rectangles, bool Tilted);
