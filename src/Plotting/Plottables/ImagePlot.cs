using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Plottables;

/// <summary>
/// A raster image embedded as a base64 PNG, placed in data coordinates: pixel column u spans X ∈ [u, u+1) and
/// pixel row v spans Y ∈ [v, v+1) (row 0 is the top row of the image). Call <see cref="Axes.InvertY"/> so Y grows
/// downwards and the image appears upright; overlays added afterwards (landmarks, wireframes) use the same pixel
/// coordinates and are drawn on top.
/// </summary>
public sealed class ImagePlot : IPlottable
{
    /// <summary>Wraps already-encoded PNG bytes (used as-is).</summary>
    /// <exception cref="ArgumentException">The bytes are not a PNG.</exception>
    public ImagePlot(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (!PngEncoder.TryReadSize(png, out int w, out int h))
        {
            throw new ArgumentException("The bytes are not a PNG image.", nameof(png));
        }

        Png = png;
        Width = w;
        Height = h;
    }

    /// <summary>Encodes a row-major RGB (3 bytes/pixel) or RGBA (4 bytes/pixel) buffer; the layout is inferred from the length.</summary>
    /// <exception cref="ArgumentException">The length is neither width×height×3 nor width×height×4.</exception>
    public static ImagePlot FromPixels(ReadOnlySpan<byte> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long n = (long)width * height;
        int channels = pixels.Length == n * 3 ? 3 : pixels.Length == n * 4 ? 4 : 0;
        if (channels == 0)
        {
            throw new ArgumentException($"Expected {n * 3} (RGB) or {n * 4} (RGBA) bytes for {width}×{height}, got {pixels.Length}.", nameof(pixels));
        }

        return new ImagePlot(PngEncoder.Encode(pixels, width, height, channels));
    }

    /// <summary>The PNG file embedded in the SVG.</summary>
    public byte[] Png { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <summary>Smooth (true, default) or pixelated (false) scaling.</summary>
    public bool Smooth { get; set; } = true;

    /// <summary>Image opacity (0..1); lower values fade the underlay so overlays stand out.</summary>
    public double Opacity { get; set; } = 1;

    /// <inheritdoc/>
    public Edges TightEdges => Edges.All;

    /// <inheritdoc/>
    public AxisLimits GetLimits() => new(0, Width, 0, Height);

    /// <inheritdoc/>
    public IEnumerable<LegendItem> GetLegendItems() => [];

    /// <inheritdoc/>
    public void Render(RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Affine map from image pixels to screen: u ↦ a·u + e, v ↦ d·v + f (d < 0 flips when Y points up).
        double e = context.XToPixel(0);
        double f = context.YToPixel(0);
        double a = (context.XToPixel(Width) - e) / Width;
        double d = (context.YToPixel(Height) - f) / Height;
        context.Svg.ImagePng(Png, Width, Height, a, d, e, f, Smooth, Opacity);
    }
}
