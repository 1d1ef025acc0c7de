namespace Facebench.Plotting.Rendering;

/// <summary>A rectangle in SVG pixel units (y grows downwards).</summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge.</param>
/// <param name="Bottom">Bottom edge.</param>
public readonly record struct PixelRect(double Left, double Top, double Right, double Bottom)
{
    /// <summary>Width in pixels.</summary>
    public double Width => Right - Left;

    /// <summary>Height in pixels.</summary>
    public double Height => Bottom - Top;
}

/// <summary>What a plottable needs to draw itself: the SVG writer and the data-to-pixel mapping.</summary>
public sealed class RenderContext
{
    private readonly double _xScale;
    private readonly double _yScale;

    /// <summary>Creates a context mapping <paramref name="limits"/> onto <paramref name="dataArea"/>.</summary>
    public RenderContext(SvgWriter svg, PixelRect dataArea, AxisLimits limits, bool invertY)
    {
        ArgumentNullException.ThrowIfNull(svg);
        Svg = svg;
        DataArea = dataArea;
        Limits = limits;
        InvertY = invertY;
        _xScale = dataArea.Width / limits.Width;
        _yScale = dataArea.Height / limits.Height;
    }

    /// <summary>The SVG being written.</summary>
    public SvgWriter Svg { get; }

    /// <summary>The data area in pixels.</summary>
    public PixelRect DataArea { get; }

    /// <summary>The axis limits shown in the data area.</summary>
    public AxisLimits Limits { get; }

    /// <summary>True when Y grows downwards (image coordinates).</summary>
    public bool InvertY { get; }

    /// <summary>Pixels per data unit along X.</summary>
    public double PxPerUnitX => _xScale;

    /// <summary>Pixels per data unit along Y (always positive).</summary>
    public double PxPerUnitY => _yScale;

    /// <summary>Pixel X of data X.</summary>
    public double XToPixel(double x) => DataArea.Left + ((x - Limits.Left) * _xScale);

    /// <summary>Pixel Y of data Y (honours <see cref="InvertY"/>).</summary>
    public double YToPixel(double y) => InvertY
        ? DataArea.Top + ((y - Limits.Bottom) * _yScale)
        : DataArea.Bottom - ((y - Limits.Bottom) * _yScale);
}
