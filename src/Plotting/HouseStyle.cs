using ScottPlot;

namespace Facebench.Plotting;

/// <summary>
/// The look every report figure shares: DejaVu Sans from its file (<see cref="FigureFont"/>), a bold title, readable
/// sizes, the Okabe–Ito palette, a light grid and a quiet legend. Plugins start each figure with
/// <see cref="NewPlot"/> and then use ScottPlot's own API.
/// </summary>
public static class HouseStyle
{
    /// <summary>Title size, px.</summary>
    public const float TitleSize = 15;

    /// <summary>Axis label size, px.</summary>
    public const float AxisLabelSize = 13;

    /// <summary>Tick label size, px.</summary>
    public const float TickLabelSize = 11;

    /// <summary>Legend text size, px.</summary>
    public const float LegendSize = 11;

    /// <summary>Colour of text and axes (the report's ink).</summary>
    public static Color Ink { get; } = Color.FromHex("#1D2430");

    /// <summary>Colour of major grid lines.</summary>
    public static Color GridLine { get; } = Color.FromHex("#E3E7EC");

    /// <summary>Neutral grey for reference lines (zero, thresholds, the diagonal).</summary>
    public static Color Reference { get; } = Color.FromHex("#6B7380");

    /// <summary>A new plot in the house style.</summary>
    /// <exception cref="FileNotFoundException">The figure font is not installed.</exception>
    public static Plot NewPlot()
    {
        FigureFont.EnsureLoaded();
        var plot = new Plot();
        Apply(plot);
        return plot;
    }

    /// <summary>Applies the house style to a plot (fonts, sizes, colours, palette, grid, legend).</summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        FigureFont.EnsureLoaded();
        plot.Add.Palette = new OkabeIto();
        plot.RenderManager.ClearCanvasBeforeEachRender = false; // the renderer clears; panels of a row share one canvas
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;

        LabelStyle title = plot.Axes.Title.Label;
        title.Font = FigureFont.Bold;
        title.FontName = FigureFont.Family;
        title.Bold = true;
        title.FontSize = TitleSize;
        title.ForeColor = Ink;

        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.Label.Font = FigureFont.Regular;
            axis.Label.FontName = FigureFont.Family;
            axis.Label.FontSize = AxisLabelSize;
            axis.Label.Bold = false;
            axis.Label.ForeColor = Ink;
            axis.TickLabelStyle.Font = FigureFont.Regular;
            axis.TickLabelStyle.FontName = FigureFont.Family;
            axis.TickLabelStyle.FontSize = TickLabelSize;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.FrameLineStyle.Color = Ink;
            axis.MajorTickStyle.Color = Ink;
            axis.MinorTickStyle.Color = Ink;
            axis.MinorTickStyle.Length = 0; // major ticks and the grid are enough; minor ones only add ink
        }

        plot.Grid.MajorLineColor = GridLine;
        plot.Grid.MajorLineWidth = 1;
        plot.Grid.MinorLineWidth = 0;

        plot.Legend.FontName = FigureFont.Family;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineColor = Color.FromHex("#C5CCD6");
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.BackgroundColor = Colors.White.WithOpacity(0.92);
        plot.Legend.IsVisible = false;
    }
}
