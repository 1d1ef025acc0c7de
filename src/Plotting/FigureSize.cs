namespace Facebench.Plotting;

/// <summary>A figure's size in CSS pixels (the SVG's size; the PNG has <see cref="FigureRenderer.PngScale"/> times the pixels).</summary>
/// <param name="Width">Width, px.</param>
/// <param name="Height">Height, px.</param>
public readonly record struct FigureSize(int Width, int Height)
{
    /// <summary>Most line, histogram and CDF plots.</summary>
    public static FigureSize Standard { get; } = new(640, 400);

    /// <summary>Bar charts with several groups or series.</summary>
    public static FigureSize Wide { get; } = new(760, 440);

    /// <summary>Plots in image or shape coordinates (equal axis units).</summary>
    public static FigureSize Square { get; } = new(560, 560);

    /// <summary>The nightly index's small trend plots.</summary>
    public static FigureSize Trend { get; } = new(560, 300);
}
