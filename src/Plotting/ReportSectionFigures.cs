using Facebench.Contracts;
using ScottPlot;

namespace Facebench.Plotting;

/// <summary>Adds ScottPlot plots to report sections: <c>section.Figure("nme-cdf", plot, "caption")</c>.</summary>
public static class ReportSectionFigures
{
    /// <summary>Draws <paramref name="plot"/> (SVG + PNG) at <paramref name="size"/> (default <see cref="FigureSize.Standard"/>) and adds it.</summary>
    public static ReportSection Figure(this ReportSection section, string name, Plot plot, string caption, FigureSize? size = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Figure(name, FigureRenderer.Render(plot, size ?? FigureSize.Standard), caption);
    }

    /// <summary>Draws plots side by side as one figure (e.g. a strip of panels over iterations) and adds it.</summary>
    public static ReportSection Figure(this ReportSection section, string name, IReadOnlyList<Plot> panels, string caption, FigureSize size)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Figure(name, FigureRenderer.RenderRow(panels, size), caption);
    }
}
