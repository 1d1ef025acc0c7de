namespace Facebench.Plotting;

/// <summary>Fonts and colours of the figure "chrome": background, frame, grid, titles and tick labels.</summary>
public sealed class PlotStyle
{
    /// <summary>CSS font stack. Text widths are estimated from DejaVu Sans/Verdana metrics, the widest fonts listed.</summary>
    public string FontFamily { get; set; } = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

    /// <summary>Title font size in pixels.</summary>
    public double TitleFontSize { get; set; } = 16;

    /// <summary>Axis label font size in pixels.</summary>
    public double AxisLabelFontSize { get; set; } = 13;

    /// <summary>Tick label font size in pixels.</summary>
    public double TickFontSize { get; set; } = 11;

    /// <summary>Background of the whole figure.</summary>
    public Color FigureBackground { get; set; } = Colors.White;

    /// <summary>Background of the data area.</summary>
    public Color DataBackground { get; set; } = Colors.White;

    /// <summary>Colour of titles, labels and tick labels.</summary>
    public Color TextColor { get; set; } = Colors.DarkText;

    /// <summary>Colour of the data-area frame and tick marks.</summary>
    public Color FrameColor { get; set; } = new(0x44, 0x44, 0x44);

    /// <summary>Colour of the grid lines drawn at major ticks (transparent hides them).</summary>
    public Color GridColor { get; set; } = Colors.LightGray;
}
