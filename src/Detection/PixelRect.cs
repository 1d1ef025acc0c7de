using Facebench.Contracts;

namespace Facebench.Detection;

/// <summary>
/// An integer rectangle in pixels, as OpenCV's <c>cv::Rect</c>: left, top, width, height; it covers the pixels
/// <c>X .. X + Width - 1</c> and <c>Y .. Y + Height - 1</c>.
/// </summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>Width × height.</summary>
    public long Area => (long)Width * Height;

    /// <summary>The intersection with another rectangle; empty (zero size) when they do not overlap.</summary>
    public PixelRect Intersect(PixelRect other)
    {
        int x0 = Math.Max(X, other.X);
        int y0 = Math.Max(Y, other.Y);
        int x1 = Math.Min(X + Width, other.X + other.Width);
        int y1 = Math.Min(Y + Height, other.Y + other.Height);
        return x1 > x0 && y1 > y0 ? new PixelRect(x0, y0, x1 - x0, y1 - y0) : default;
    }

    /// <summary>
    /// The same rectangle as a <see cref="BoundingBox"/>: left and top edges and size, unchanged, as OpenCV
    /// reports them (the box that <c>detect.haar</c> stores).
    /// </summary>
    public BoundingBox ToBoundingBox() => new(X, Y, Width, Height);

    /// <inheritdoc />
    public override string ToString() => $"{X},{Y},{Width}x{Height}";
}
