using Facebench.Classification;
using Facebench.Plotting;
using ScottPlot;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The per-class reliability diagram (DeGroot &amp; Fienberg 1983; Guo et al., "On calibration of modern neural
/// networks", ICML 2017): for each class, the observed frequency of the class against the mean predicted probability
/// in equal-width probability bins (<see cref="ClasswiseCalibration"/>), with the diagonal of perfect calibration.
/// </summary>
public static class ReliabilityDiagram
{
    /// <summary>Draws the diagram.</summary>
    public static Plot Draw(IReadOnlyList<ClassCalibration> calibration, string title)
    {
        Plot plot = HouseStyle.NewPlot();
        foreach (var c in calibration)
        {
            double[] confidence = [.. c.Bins.Select(b => b.Confidence)];
            double[] frequency = [.. c.Bins.Select(b => b.Frequency)];
            var reliability = plot.Add.Scatter(confidence, frequency);
            reliability.LineWidth = 1.5f;
            reliability.MarkerSize = 6;
            reliability.LegendText = c.Class;
        }

        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = HouseStyle.Reference;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect calibration";

        plot.ShowLegend(Edge.Bottom); // reliability points can sit in any corner
        plot.Title(title);
        plot.XLabel("predicted probability of the class");
        plot.YLabel("observed frequency of the class");
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        return plot;
    }
}
