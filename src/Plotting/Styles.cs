namespace Facebench.Plotting;

/// <summary>Dash pattern of a stroked line.</summary>
public enum LinePattern
{
    /// <summary>Continuous line.</summary>
    Solid,

    /// <summary>Long dashes.</summary>
    Dashed,

    /// <summary>Dots.</summary>
    Dotted,

    /// <summary>Alternating dash and dot.</summary>
    DashDot,
}

/// <summary>Shape drawn at each data point.</summary>
public enum MarkerShape
{
    /// <summary>No marker.</summary>
    None,

    /// <summary>Filled disc.</summary>
    FilledCircle,

    /// <summary>Circle outline.</summary>
    OpenCircle,

    /// <summary>Filled axis-aligned square.</summary>
    FilledSquare,

    /// <summary>Filled square rotated 45 degrees.</summary>
    FilledDiamond,

    /// <summary>Diagonal cross (x).</summary>
    Cross,

    /// <summary>Upright cross (+).</summary>
    Plus,
}

/// <summary>A corner of the data area, used to place the legend.</summary>
public enum Alignment
{
    /// <summary>Top-right corner of the data area.</summary>
    UpperRight,

    /// <summary>Top-left corner of the data area.</summary>
    UpperLeft,

    /// <summary>Bottom-right corner of the data area.</summary>
    LowerRight,

    /// <summary>Bottom-left corner of the data area.</summary>
    LowerLeft,
}

/// <summary>Horizontal anchoring of a text label relative to its position.</summary>
public enum TextAnchor
{
    /// <summary>Text starts at the position.</summary>
    Start,

    /// <summary>Text is centred on the position.</summary>
    Middle,

    /// <summary>Text ends at the position.</summary>
    End,
}

/// <summary>Stroke settings shared by line-drawing plottables.</summary>
public sealed class LineStyle
{
    /// <summary>Stroke colour.</summary>
    public Color Color { get; set; } = Colors.Black;

    /// <summary>Stroke width in pixels; 0 hides the line.</summary>
    public double Width { get; set; } = 1.5;

    /// <summary>Dash pattern.</summary>
    public LinePattern Pattern { get; set; } = LinePattern.Solid;

    /// <summary>True when the line would draw something.</summary>
    public bool IsVisible => Width > 0 && Color.A > 0;
}

/// <summary>Marker settings shared by point-drawing plottables.</summary>
public sealed class MarkerStyle
{
    /// <summary>Marker shape.</summary>
    public MarkerShape Shape { get; set; } = MarkerShape.FilledCircle;

    /// <summary>Marker colour (fill for filled shapes, stroke for outlines and crosses).</summary>
    public Color Color { get; set; } = Colors.Black;

    /// <summary>Marker diameter in pixels; 0 hides the marker.</summary>
    public double Size { get; set; } = 5;

    /// <summary>Stroke width for outline shapes, in pixels.</summary>
    public double LineWidth { get; set; } = 1.2;

    /// <summary>True when the marker would draw something.</summary>
    public bool IsVisible => Shape != MarkerShape.None && Size > 0 && Color.A > 0;
}
