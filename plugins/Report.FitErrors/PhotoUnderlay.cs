using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;
using Facebench.Plotting;

namespace Facebench.Plugins.Report.FitErrors;

/// <summary>
/// The face region of a sample's photo as a plot underlay: cropped around the landmarks with a margin and scaled
/// down so that a report stays small. <see cref="Map"/> takes image coordinates (pixel centres at integers) to the
/// underlay's plot coordinates, so landmarks and mesh edges can be drawn over it.
/// </summary>
public sealed class PhotoUnderlay
{
    private PhotoUnderlay(ImageBuffer crop, double originX, double originY, double scale)
    {
        Crop = crop;
        OriginX = originX;
        OriginY = originY;
        Scale = scale;
    }

    /// <summary>The cropped, resized RGB pixels.</summary>
    public ImageBuffer Crop { get; }

    private double OriginX { get; }

    private double OriginY { get; }

    private double Scale { get; }

    /// <summary>
    /// Loads the photo and crops it around <paramref name="points"/> (margin: half the points' extent), scaled so that
    /// the longer side is at most <paramref name="maxSide"/> pixels. Null when the sample has no readable image.
    /// </summary>
    public static PhotoUnderlay? TryCreate(Sample sample, IEnumerable<Point2> points, int maxSide = 480)
    {
        ImageBuffer image;
        try
        {
            image = sample.TryGet(CoreFacets.Image, out var attached) ? attached
                : sample.ImagePath is { } path ? ImageCodec.Load(path)
                : null!;
        }
        catch (Exception e) when (e is PluginInputException or IOException or DllNotFoundException)
        {
            return null; // the overlay is drawn without the photo
        }

        var valid = points.Where(p => p.IsValid).ToList();
        if (image is null || valid.Count == 0)
        {
            return null;
        }

        double minX = valid.Min(p => p.X), maxX = valid.Max(p => p.X), minY = valid.Min(p => p.Y), maxY = valid.Max(p => p.Y);
        double margin = 0.5 * Math.Max(maxX - minX, maxY - minY);
        int x0 = Math.Clamp((int)Math.Floor(minX - margin), 0, image.Width - 1);
        int y0 = Math.Clamp((int)Math.Floor(minY - margin), 0, image.Height - 1);
        int x1 = Math.Clamp((int)Math.Ceiling(maxX + margin), x0 + 1, image.Width);
        int y1 = Math.Clamp((int)Math.Ceiling(maxY + margin), y0 + 1, image.Height);
        var crop = ImageTransforms.Crop(image, x0, y0, x1 - x0, y1 - y0);
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(crop.Width, crop.Height));
        if (scale < 1)
        {
            crop = Bilinear.Resize(crop, Math.Max(1, (int)Math.Round(crop.Width * scale)), Math.Max(1, (int)Math.Round(crop.Height * scale)));
        }

        return new PhotoUnderlay(ToRgb(crop), x0, y0, (double)crop.Width / (x1 - x0));
    }

    /// <summary>Adds the underlay to a plot.</summary>
    public void AddTo(Plot plot) => plot.Add.Image(Crop.Pixels, Crop.Width, Crop.Height);

    /// <summary>Image coordinates to plot coordinates (the underlay covers [u, u+1) per pixel, so centres gain ½).</summary>
    public Coordinates Map(double x, double y) => new(((x - OriginX) * Scale) + 0.5, ((y - OriginY) * Scale) + 0.5);

    private static ImageBuffer ToRgb(ImageBuffer image)
    {
        if (image.Format == PixelFormat.Rgb24)
        {
            return image;
        }

        var rgb = new byte[image.Width * image.Height * 3];
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = image.Pixels[i];
        }

        return new ImageBuffer(image.Width, image.Height, PixelFormat.Rgb24, rgb);
    }
}
