using Facebench.Plotting.Rendering;

namespace Facebench.Plotting;

/// <summary>Sides of the data limits.</summary>
[Flags]
public enum Edges
{
    /// <summary>No side.</summary>
    None = 0,

    /// <summary>Smallest X.</summary>
    Left = 1,

    /// <summary>Largest X.</summary>
    Right = 2,

    /// <summary>Smallest Y.</summary>
    Bottom = 4,

    /// <summary>Largest Y.</summary>
    Top = 8,

    /// <summary>All four sides.</summary>
    All = Left | Right | Bottom | Top,
}

/// <summary>Anything that can be drawn on a <see cref="Plot"/>.</summary>
public interface IPlottable
{
    /// <summary>Hidden plottables are neither drawn, nor autoscaled, nor listed in the legend.</summary>
    bool IsVisible { get; set; }

    /// <summary>Data extent used for autoscaling; an axis set to NaN does not take part.</summary>
    AxisLimits GetLimits();

    /// <summary>
    /// Sides of <see cref="GetLimits"/> that autoscaling must not pad when they end up being the plot's limit
    /// (bars resting on zero, images filling the area).
    /// </summary>
    Edges TightEdges => Edges.None;

    /// <summary>Legend rows this plottable contributes (empty when it has no legend text).</summary>
    IEnumerable<LegendItem> GetLegendItems();

    /// <summary>Draws the plottable; the context clips to the data area.</summary>
    void Render(RenderContext context);
}
