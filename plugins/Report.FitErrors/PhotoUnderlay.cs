using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;

namespace Facebench.Plugins.Report.FitErrors;

/// <summary>
/// The part of a sample's image that an overlay shows: the landmarks' bounding box with a margin, clamped to the
/// photo, and the photo's pixels there (none for a sample without a readable image, e.g. a synthetic one, which is then
/// drawn on a plain background). <see cref="Map"/> takes image coordinates (pixel centres at integers, OpenCV
/// convention) to the region's continuous coordinates scaled to <see cref="Width"/> × <see cref="Height"/>.
/// </summary>
public sealed class PhotoUnderlay
{
    private PhotoUnderlay(ImageBuffer? crop, double left, double top, double right, double bottom, int width, int height)
    {
        Crop = crop;
        Left = left;
        Top = top;
        Right = right;
        Bottom = bottom;
        Width = width;
        Height = height;
    }

    /// <summary>The photo's pixels in the region (RGB or gray), or null when the sample has no readable image.</summary>
    public ImageBuffer? Crop { get; }

    /// <summary>Left edge of the region in image coordinates (a pixel edge, so a half-integer).</summary>
    public double Left { get; }

    /// <summary>Top edge of the region in image coordinates.</summary>
    public double Top { get; }

    /// <summary>Right edge of the region in image coordinates.</summary>
    public double Right { get; }

    /// <summary>Bottom edge of the region in image coordinates.</summary>
    public double Bottom { get; }

    /// <summary>Width of the drawn overlay, pixels (the longer side is the requested size).</summary>
    public int Width { get; }

    /// <summary>Height of the drawn overlay, pixels.</summary>
    public int Height { get; }

    /// <summary>
    /// The region around <paramref name="points"/> (margin: <paramref name="margin"/> times the points' extent) in the
    /// sample's image, sized so that its longer side is <paramref name="longerSide"/> pixels when drawn. Null when no
    /// point is valid.
    /// </summary>
    public static PhotoUnderlay? TryCreate(Sample sample, IEnumerable<Point2> points, double margin, int longerSide)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var valid = points.Where(p => p.IsValid).ToList();
        if (valid.Count == 0)
        {
            return null;
        }

        double minX = valid.Min(p => p.X), maxX = valid.Max(p => p.X), minY = valid.Min(p => p.Y), maxY = valid.Max(p => p.Y);
        margin = Math.Max(4, margin * Math.Max(maxX - minX, maxY - minY));
        int x0 = (int)Math.Floor(minX - margin), y0 = (int)Math.Floor(minY - margin);
        int x1 = (int)Math.Ceiling(maxX + margin), y1 = (int)Math.Ceiling(maxY + margin);
        ImageBuffer? crop = null;
        if (TryLoad(sample) is { } image)
        {
            x0 = Math.Clamp(x0, 0, image.Width - 1);
            y0 = Math.Clamp(y0, 0, image.Height - 1);
            x1 = Math.Clamp(x1, x0 + 1, image.Width);
            y1 = Math.Clamp(y1, y0 + 1, image.Height);
            crop = ImageTransforms.Crop(image, x0, y0, x1 - x0, y1 - y0);
        }

        // Pixel x covers [x − ½, x + ½) in image coordinates, so pixels x0 … x1−1 span x0 − ½ … x1 − ½.
        double scale = (double)longerSide / Math.Max(x1 - x0, y1 - y0);
        int width = Math.Max(1, (int)Math.Round((x1 - x0) * scale));
        int height = Math.Max(1, (int)Math.Round((y1 - y0) * scale));
        return new PhotoUnderlay(crop, x0 - 0.5, y0 - 0.5, x1 - 0.5, y1 - 0.5, width, height);
    }

    /// <summary>Image coordinates to the drawn overlay's pixel coordinates (continuous: 0 is the left edge).</summary>
    public (float X, float Y) Map(double x, double y) =>
        ((float)((x - Left) * Width / (Right - Left)), (float)((y - Top) * Height / (Bottom - Top)));

    private static ImageBuffer? TryLoad(Sample sample)
    {
        try
        {
            return sample.TryGet(CoreFacets.Image, out var attached) ? attached
                : sample.ImagePath is { } path ? ImageCodec.Load(path)
                : null;
        }
        catch (Exception e) when (e is PluginInputException or IOException or DllNotFoundException)
        {
            return null; // the overlay is drawn without the photo
        }
    }
}
