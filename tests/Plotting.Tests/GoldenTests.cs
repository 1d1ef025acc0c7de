namespace Facebench.Plotting.Tests;

/// <summary>
/// Renders representative plots and compares them with committed SVGs. Regenerate after an intended change with
/// <c>FACEBENCH_UPDATE_GOLDEN=1 dotnet test tests/Plotting.Tests</c> and review the diff.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Names => [.. Cases.Keys];

    private static readonly Dictionary<string, (Func<Plot> Build, int Width, int Height)> Cases = new()
    {
        ["line_scatter_legend.svg"] = (SamplePlots.LineScatterLegend, 640, 420),
        ["histogram.svg"] = (SamplePlots.Histogram, 640, 420),
        ["grouped_bars.svg"] = (SamplePlots.GroupedBars, 640, 420),
        ["boxplot.svg"] = (SamplePlots.BoxPlot, 640, 420),
        ["ecdf.svg"] = (SamplePlots.Ecdf, 640, 420),
        ["density_contours.svg"] = (SamplePlots.DensityContours, 600, 500),
        ["image_landmarks.svg"] = (SamplePlots.ImageWithLandmarks, 420, 480),
        ["bars_long_labels.svg"] = (SamplePlots.LongCategoryLabels, 640, 420),
        ["edge_empty.svg"] = (SamplePlots.EdgeEmpty, 400, 300),
        ["edge_single_point.svg"] = (SamplePlots.EdgeSinglePoint, 400, 300),
        ["edge_nan_equal_negative.svg"] = (SamplePlots.EdgeNaNEqualNegative, 500, 360),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Plot_matches_golden_file(string name)
    {
        (Func<Plot> build, int width, int height) = Cases[name];
        GoldenFiles.AssertMatches(name, build().GetSvg(width, height));
    }

    [Fact]
    public void Every_golden_file_has_a_test_case()
    {
        string[] files = Directory.GetFiles(GoldenFiles.Directory, "*.svg").Select(Path.GetFileName).ToArray()!;
        Assert.Empty(files.Except(Cases.Keys));
    }
}
