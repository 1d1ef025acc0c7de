using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using SkiaSharp;

namespace Facebench.Plugins.Report.FitErrors;

/// <summary>
/// Draws one fit with SkiaSharp on an <see cref="SKCanvas"/> over the photo crop (or a plain background): the fitted
/// mesh's wireframe, the observed landmarks as filled dots and the fitted ones as rings. The result is an encoded image
/// that a report figure places under its axes: JPEG over a photo (a photo compresses ten times better so), PNG over
/// the plain background (lossless lines).
/// </summary>
public static class FitOverlay
{
    /// <summary>Overlay pixels per drawn figure pixel: matches the PNG figure's resolution.</summary>
    public const int Supersample = 2;

    /// <summary>Fill of observed landmarks (Okabe–Ito sky blue).</summary>
    public static readonly SKColor Observed = new(0x56, 0xB4, 0xE9);

    /// <summary>Ring of fitted landmarks (Okabe–Ito vermillion).</summary>
    public static readonly SKColor Fitted = new(0xD5, 0x5E, 0x00);

    /// <summary>Outline of the observed dots (the report's ink).</summary>
    public static readonly SKColor Ink = new(0x1D, 0x24, 0x30);

    /// <summary>Wireframe over a photo.</summary>
    public static readonly SKColor MeshOnPhoto = new(0xFF, 0xFF, 0xFF, 0x5A);

    /// <summary>Wireframe over the plain background.</summary>
    public static readonly SKColor MeshOnPlain = new(0x6B, 0x73, 0x80, 0x60);

    /// <summary>Without a photo the overlay is drawn on white, the figure's own background, so the two blend.</summary>
    private static readonly SKColor PlainBackground = SKColors.White;

    /// <summary>Draws the overlay and returns the encoded image (JPEG over a photo, PNG otherwise).</summary>
    public static byte[] Draw(PhotoUnderlay region, IReadOnlyList<(Point2 A, Point2 B)> meshEdges, IReadOnlyList<Point2> observed, IReadOnlyList<Point2> fitted)
    {
        ArgumentNullException.ThrowIfNull(region);
        int width = region.Width * Supersample, height = region.Height * Supersample;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using SKSurface surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia could not create a {width}×{height} overlay surface.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(PlainBackground);
        if (region.Crop is { } crop)
        {
            using SKImage photo = ToSkImage(crop);
            canvas.DrawImage(photo, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        canvas.Scale(Supersample);
        float unit = Math.Max(region.Width, region.Height) / 460f; // line widths and dot sizes are tuned for a ~460 px overlay
        using (var mesh = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f * unit, Color = region.Crop is null ? MeshOnPlain : MeshOnPhoto })
        using (var builder = new SKPathBuilder())
        {
            foreach ((Point2 a, Point2 b) in meshEdges)
            {
                if (a.IsValid && b.IsValid)
                {
                    (float ax, float ay) = region.Map(a.X, a.Y);
                    (float bx, float by) = region.Map(b.X, b.Y);
                    builder.MoveTo(ax, ay);
                    builder.LineTo(bx, by);
                }
            }

            using SKPath path = builder.Detach();
            canvas.DrawPath(path, mesh);
        }

        using (var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = Observed })
        using (var outline = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.9f * unit, Color = Ink })
        {
            foreach (Point2 p in observed.Where(p => p.IsValid))
            {
                (float x, float y) = region.Map(p.X, p.Y);
                canvas.DrawCircle(x, y, 2.6f * unit, fill);
                canvas.DrawCircle(x, y, 2.6f * unit, outline);
            }
        }

        using (var halo = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3.2f * unit, Color = SKColors.White.WithAlpha(0xA0) })
        using (var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.6f * unit, Color = Fitted })
        {
            foreach (Point2 p in fitted.Where(p => p.IsValid))
            {
                (float x, float y) = region.Map(p.X, p.Y);
                canvas.DrawCircle(x, y, 4.2f * unit, halo);
                canvas.DrawCircle(x, y, 4.2f * unit, ring);
            }
        }

        canvas.Flush();
        using SKImage image = surface.Snapshot();
        using SKData data = region.Crop is null ? image.Encode(SKEncodedImageFormat.Png, 100) : image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>The crop's RGB or gray pixels as an opaque Skia image.</summary>
    private static SKImage ToSkImage(ImageBuffer crop)
    {
        var rgba = new byte[crop.Width * crop.Height * 4];
        int channels = (int)crop.Format;
        for (int i = 0, n = crop.Width * crop.Height; i < n; i++)
        {
            byte r = crop.Pixels[i * channels];
            rgba[4 * i] = r;
            rgba[(4 * i) + 1] = channels == 3 ? crop.Pixels[(i * channels) + 1] : r;
            rgba[(4 * i) + 2] = channels == 3 ? crop.Pixels[(i * channels) + 2] : r;
            rgba[(4 * i) + 3] = 255;
        }

        var info = new SKImageInfo(crop.Width, crop.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using SKData pixels = SKData.CreateCopy(rgba);
        return SKImage.FromPixels(info, pixels, info.RowBytes) ?? throw new InvalidOperationException($"Skia could not wrap a {crop.Width}×{crop.Height} crop.");
    }
}
