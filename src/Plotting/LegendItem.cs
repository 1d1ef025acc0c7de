namespace Facebench.Plotting;

/// <summary>One legend row: a label and the swatch that identifies the series.</summary>
public sealed record LegendItem(string Label)
{
    /// <summary>Line drawn across the swatch, or null.</summary>
    public Color? LineColor { get; init; }

    /// <summary>Width of the swatch line in pixels.</summary>
    public double LineWidth { get; init; } = 1.5;

    /// <summary>Dash pattern of the swatch line.</summary>
    public LinePattern LinePattern { get; init; } = LinePattern.Solid;

    /// <summary>Marker drawn in the swatch centre.</summary>
    public MarkerShape Marker { get; init; } = MarkerShape.None;

    /// <summary>Colour of the swatch marker.</summary>
    public Color MarkerColor { get; init; } = Colors.Black;

    /// <summary>Diameter of the swatch marker in pixels.</summary>
    public double MarkerSize { get; init; } = 5;

    /// <summary>Fill of a rectangular swatch (bars, areas), or null.</summary>
    public Color? FillColor { get; init; }

    /// <summary>Outline of the rectangular swatch, or null.</summary>
    public Color? FillOutline { get; init; }
}
