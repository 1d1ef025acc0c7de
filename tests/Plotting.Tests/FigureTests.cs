using Facebench.Contracts;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Facebench.Plotting.Tests;

/// <summary>What a figure shows and how it is written: SVG + PNG, same bytes for the same plot, the font from its file.</summary>
public class FigureTests
{
    private static Plot CdfPlot()
    {
        var rng = new TestData(3);
        Plot plot = HouseStyle.NewPlot();
        plot.Add.Ecdf(rng.Normals(200, 0.05, 0.01)).LegendText = "NME";
        plot.Add.VerticalLine(0.08, 1.5f, HouseStyle.Reference, LinePattern.Dashed).LegendText = "threshold";
        plot.Axes.SetLimits(0, 0.1, 0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title("Cumulative error distribution");
        plot.XLabel("NME");
        plot.YLabel("fraction of faces");
        return plot;
    }

    [Fact]
    public void A_figure_is_an_svg_that_scales_and_a_png_at_twice_its_size()
    {
        FigureImage figure = FigureRenderer.Render(CdfPlot(), new FigureSize(400, 300));

        Assert.Equal((400, 300), (figure.Width, figure.Height));
        Assert.Contains("width=\"400\" height=\"300\" viewBox=\"0 0 400 300\"", figure.Svg, StringComparison.Ordinal);
        Assert.Contains("font-family=\"DejaVu Sans\"", figure.Svg, StringComparison.Ordinal);
        foreach (string text in new[] { "Cumulative error distribution", "fraction of faces", "NME", "threshold" })
        {
            Assert.Contains(text, figure.Svg, StringComparison.Ordinal);
        }

        using SKBitmap png = SKBitmap.Decode(figure.Png);
        Assert.Equal((800, 600), (png.Width, png.Height));
        Assert.Equal(SKColors.White, png.GetPixel(2, 2));
        int blue = 0; // the CDF is drawn in the first palette colour
        for (int y = 0; y < png.Height; y += 2)
        {
            for (int x = 0; x < png.Width; x += 2)
            {
                SKColor c = png.GetPixel(x, y);
                blue += c.Blue > 150 && c.Red < 60 ? 1 : 0;
            }
        }

        Assert.True(blue > 200, $"only {blue} blue pixels: the CDF line is missing");
    }

    [Fact]
    public void The_same_plot_gives_the_same_bytes()
    {
        FigureImage first = FigureRenderer.Render(CdfPlot(), FigureSize.Standard);
        FigureImage second = FigureRenderer.Render(CdfPlot(), FigureSize.Standard);

        Assert.Equal(first.Svg, second.Svg);
        Assert.Equal(first.Png, second.Png);

        Plot plot = CdfPlot();
        Assert.Equal(FigureRenderer.Render(plot, FigureSize.Standard).Png, FigureRenderer.Render(plot, FigureSize.Standard).Png);
    }

    [Fact]
    public void Every_reference_in_the_svg_points_at_an_element_of_it_and_ids_do_not_depend_on_earlier_figures()
    {
        static Plot ImagePlot()
        {
            Plot plot = HouseStyle.NewPlot();
            using var bitmap = new SKBitmap(8, 6);
            bitmap.Erase(SKColors.OrangeRed);
            plot.Add.ImageRect(new ScottPlot.Image(bitmap), new CoordinateRect(0, 8, 0, 6));
            plot.Add.ScatterLine(new double[] { 0, 8 }, new double[] { 0, 6 });
            return plot;
        }

        string first = FigureRenderer.Render(ImagePlot(), FigureSize.Standard).Svg;
        FigureRenderer.Render(CdfPlot(), FigureSize.Standard); // moves Skia's process-wide id counters on
        string svg = FigureRenderer.Render(ImagePlot(), FigureSize.Standard).Svg;

        Assert.Equal(first, svg);
        var ids = System.Text.RegularExpressions.Regex.Matches(svg, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        var references = System.Text.RegularExpressions.Regex.Matches(svg, "(?:url\\(#|href=\"#)([^)\"]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(references, r => r.StartsWith('c')); // the clip path and the image are referenced
        Assert.Contains("data:image/png;base64,", svg, StringComparison.Ordinal);
        Assert.All(references, r => Assert.Contains(r, ids));
    }

    [Fact]
    public void Text_is_set_in_dejavu_sans_loaded_from_its_file()
    {
        Plot plot = HouseStyle.NewPlot();

        Assert.Equal("DejaVu Sans", FigureFont.Regular.FamilyName);
        Assert.Same(FigureFont.Bold, plot.Axes.Title.Label.Font);
        Assert.Equal(SKFontStyleWeight.Bold, (SKFontStyleWeight)FigureFont.Bold.FontStyle.Weight);
        Assert.Same(FigureFont.Regular, plot.Axes.Bottom.TickLabelStyle.Font);
        Assert.Same(FigureFont.Regular, plot.Axes.Left.Label.Font);
        Assert.Equal("DejaVu Sans", Fonts.Default);
        Assert.Equal(new OkabeIto().GetColor(0), plot.Add.GetNextColor());
    }

    [Fact]
    public void A_missing_font_file_is_named_with_how_to_install_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FigureFont.Open("/nonexistent/DejaVuSans.ttf"));
        Assert.Contains("/nonexistent/DejaVuSans.ttf", e.Message, StringComparison.Ordinal);
        Assert.Contains("--target=assets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Category_bars_have_one_bar_per_finite_value_with_its_error_and_label()
    {
        Plot plot = HouseStyle.NewPlot();
        var bars = plot.Add.CategoryBars(["a", "b", "c"], [1.0, double.NaN, 3.0], [0.1, 0.2, 0.3]);

        Assert.Equal([0.0, 2.0], bars.Bars.Select(b => b.Position));
        Assert.Equal([1.0, 3.0], bars.Bars.Select(b => b.Value));
        Assert.Equal([0.1, 0.3], bars.Bars.Select(b => b.Error));
        FigureRenderer.Render(plot, FigureSize.Standard); // ticks are laid out when drawn
        var ticks = Assert.IsType<NumericManual>(plot.Axes.Bottom.TickGenerator).Ticks;
        Assert.Equal(["a", "b", "c"], ticks.Select(t => t.Label));
        AxisLimits limits = bars.GetAxisLimits();
        Assert.Equal(3.3, limits.Top, 9); // the error bar is inside the data range
        Assert.Throws<ArgumentException>(() => plot.Add.CategoryBars(["a"], [1.0, 2.0]));
    }

    [Fact]
    public void Grouped_bars_give_one_legend_entry_per_series_and_sit_side_by_side_in_each_group()
    {
        Plot plot = HouseStyle.NewPlot();
        double[,] values = { { 1, 2 }, { 3, 4 }, { 5, double.NaN } };
        var series = plot.Add.GroupedBars(["g1", "g2", "g3"], ["model A", "model B"], values);

        Assert.Equal(2, series.Count);
        Assert.Equal(["model A", "model B"], plot.Legend.GetItems().Select(i => i.LabelText));
        Assert.Equal(3, series[0].Bars.Count);
        Assert.Equal(2, series[1].Bars.Count); // NaN: no bar
        for (int g = 0; g < 2; g++)
        {
            Assert.True(series[0].Bars[g].Position < g && series[1].Bars[g].Position > g);
        }

        Assert.NotEqual(series[0].Bars[0].FillColor, series[1].Bars[0].FillColor);
    }

    [Fact]
    public void Ecdf_line_steps_from_zero_to_one_over_the_data_range()
    {
        Plot plot = HouseStyle.NewPlot();
        var line = plot.Add.Ecdf([0.3, 0.1, 0.2, double.NaN]);

        Assert.Equal(ConnectStyle.StepHorizontal, line.ConnectStyle);
        var points = line.Data.GetScatterPoints();
        Assert.Equal(new Coordinates(0.1, 0), points[0]);
        Assert.Equal(1.0, points[^1].Y, 12);
        AxisLimits limits = line.GetAxisLimits();
        Assert.Equal((0.1, 0.3, 0.0, 1.0), (limits.Left, limits.Right, limits.Bottom, Math.Round(limits.Top, 12)));
    }

    [Fact]
    public void Histogram_bars_cover_the_bins_and_count_every_value()
    {
        var rng = new TestData(4);
        double[] values = rng.Normals(500);
        Plot plot = HouseStyle.NewPlot();
        var bars = plot.Add.Histogram(Statistics.HistogramBins.Compute(values, binCount: 20));

        Assert.Equal(20, bars.Bars.Count);
        Assert.Equal(500, bars.Bars.Sum(b => b.Value));
        Assert.Equal(values.Min(), bars.Bars[0].Position - (bars.Bars[0].Size / 2), 9);
        Assert.Equal(values.Max(), bars.Bars[^1].Position + (bars.Bars[^1].Size / 2), 9);
        Assert.Single(plot.Add.Histogram(Statistics.HistogramBins.Compute([2, 2, 2])).Bars); // one value: one bar, no exception
        Assert.True(Assert.IsType<NumericAutomatic>(plot.Axes.Left.TickGenerator).IntegerTicksOnly); // counts are whole
    }

    [Fact]
    public void Tukey_boxes_show_the_quartiles_and_the_outliers()
    {
        Plot plot = HouseStyle.NewPlot();
        (BoxPlot boxes, Scatter? outliers) = plot.Add.TukeyBoxes(["m1", "m2"], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 100], []]);

        Box box = Assert.Single(boxes.Boxes);
        Assert.Equal((3.25, 7.75, 5.5, 1.0, 9.0), (box.BoxMin, box.BoxMax, box.BoxMiddle!.Value, box.WhiskerMin!.Value, box.WhiskerMax!.Value));
        Assert.NotNull(outliers);
        Assert.Equal([new Coordinates(0, 100)], outliers.Data.GetScatterPoints());
        Assert.Equal(0.55, box.FillColor.A / 255.0, 2); // the box's own translucent fill, not a palette colour over it
        Plot empty = HouseStyle.NewPlot();
        empty.Add.TukeyBoxes(["empty"], [[double.NaN]]);
        Assert.Empty(empty.PlottableList); // nothing to draw: nothing added
    }

    [Fact]
    public void Density_regions_nest_around_the_mode_and_name_the_series_once()
    {
        var rng = new TestData(9);
        double[] xs = rng.Normals(400, 2, 1), ys = rng.Normals(400, -1, 0.5);
        Plot plot = HouseStyle.NewPlot();
        var polygons = plot.Add.DensityRegions(xs, ys, [0.5, 0.9], OkabeIto.Blue, "golden");

        Assert.True(polygons.Count >= 2);
        Assert.Equal(["golden"], plot.Legend.GetItems().Select(i => i.LabelText));
        AxisLimits outer = polygons[0].GetAxisLimits(), inner = polygons[^1].GetAxisLimits();
        Assert.True(inner.Left > outer.Left && inner.Right < outer.Right && inner.Bottom > outer.Bottom && inner.Top < outer.Top);
        Assert.InRange(2.0, inner.Left, inner.Right);
        Assert.InRange(-1.0, inner.Bottom, inner.Top);
        Assert.Empty(plot.Add.DensityRegions([1.0], [1.0], [0.5], OkabeIto.Blue)); // one point has no density to contour
    }

    [Fact]
    public void Long_category_labels_are_turned_and_short_ones_stay_level()
    {
        Plot wide = HouseStyle.NewPlot();
        wide.Add.CategoryBars([.. Enumerable.Range(0, 8).Select(i => $"model-{i}: a rather long group name")], [.. Enumerable.Range(1, 8).Select(i => (double)i)]);
        Plot narrow = HouseStyle.NewPlot();
        narrow.Add.CategoryBars(["a", "b"], [1.0, 2.0]);

        FigureRenderer.Render(wide, FigureSize.Wide);
        FigureRenderer.Render(narrow, FigureSize.Wide);

        Assert.Equal(FigureRenderer.TurnedTickLabelDegrees, wide.Axes.Bottom.TickLabelStyle.Rotation);
        Assert.True(wide.Axes.Bottom.MinimumSize > 100);
        Assert.Equal(0, narrow.Axes.Bottom.TickLabelStyle.Rotation);
    }

    [Fact]
    public void A_row_of_panels_is_one_figure_with_every_panel_drawn()
    {
        Plot left = CdfPlot(), right = CdfPlot();
        right.Title("second panel");

        FigureImage row = FigureRenderer.RenderRow([left, right], new FigureSize(800, 300));

        Assert.Contains("Cumulative error distribution", row.Svg, StringComparison.Ordinal);
        Assert.Contains("second panel", row.Svg, StringComparison.Ordinal);
        using SKBitmap png = SKBitmap.Decode(row.Png);
        Assert.Equal(1600, png.Width);
    }

    [Fact]
    public void A_figure_added_to_a_section_carries_both_encodings()
    {
        var section = new ReportSection("s").Figure("cdf", CdfPlot(), "caption");

        var figure = Assert.IsType<ReportFigure>(Assert.Single(section.Blocks));
        Assert.Equal(("cdf", "caption"), (figure.Name, figure.Caption));
        Assert.StartsWith("<?xml", figure.Image.Svg, StringComparison.Ordinal);
        Assert.Equal(0x89, figure.Image.Png[0]);
        Assert.Throws<ArgumentException>(() => FigureImage.Create("<svg/>", [1, 2, 3], 10, 10));
    }
}
