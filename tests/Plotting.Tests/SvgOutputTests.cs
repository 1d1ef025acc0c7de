using System.Globalization;
using System.Xml.Linq;
using Facebench.Plotting.Plottables;
using Facebench.Plotting.Rendering;

namespace Facebench.Plotting.Tests;

public class SvgOutputTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> SampleNames =>
    [
        nameof(SamplePlots.LineScatterLegend), nameof(SamplePlots.Histogram), nameof(SamplePlots.GroupedBars),
        nameof(SamplePlots.BoxPlot), nameof(SamplePlots.Ecdf), nameof(SamplePlots.DensityContours),
        nameof(SamplePlots.ImageWithLandmarks), nameof(SamplePlots.LongCategoryLabels), nameof(SamplePlots.EdgeEmpty),
        nameof(SamplePlots.EdgeSinglePoint), nameof(SamplePlots.EdgeNaNEqualNegative),
    ];

    private static Plot Build(string name) =>
        (Plot)typeof(SamplePlots).GetMethod(name)!.Invoke(null, null)!;

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Output_is_standalone_svg_xml_with_a_viewbox(string name)
    {
        XDocument doc = XDocument.Parse(Build(name).GetSvg(500, 400));
        XElement root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("0 0 500 400", root.Attribute("viewBox")?.Value);
        Assert.All(root.DescendantsAndSelf().Attributes(), a =>
        {
            Assert.DoesNotContain("NaN", a.Value, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", a.Value, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Rendering_twice_gives_identical_output(string name)
    {
        Assert.Equal(Build(name).GetSvg(640, 480), Build(name).GetSvg(640, 480));
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        string invariant = SamplePlots.LineScatterLegend().GetSvg();
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, SamplePlots.LineScatterLegend().GetSvg());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Text_is_escaped_and_round_trips()
    {
        var plot = new Plot();
        const string title = "a < b & \"c\" > 'd'";
        plot.Title(title);
        plot.XLabel("x\u0001label");
        plot.Add.Scatter([1.0, 2], [3.0, 4]).LegendText = "<series>";
        plot.ShowLegend();
        XDocument doc = XDocument.Parse(plot.GetSvg());
        string[] texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains(title, texts);
        Assert.Contains("xlabel", texts);
        Assert.Contains("<series>", texts);
    }

    [Fact]
    public void NaN_and_infinite_points_are_skipped_and_break_the_line()
    {
        var plot = new Plot();
        plot.Add.Line([0, 1, double.NaN, 3, 4, double.PositiveInfinity, 6], [0, 1, 2, 3, 4, 5, double.NaN]);
        XDocument doc = XDocument.Parse(plot.GetSvg());
        XElement line = doc.Descendants(Svg + "path").Single(p => p.Attribute("stroke")?.Value == "#0072B2");
        string d = line.Attribute("d")!.Value;
        Assert.Equal(2, d.Count(ch => ch == 'M')); // two runs: (0,1) and (3,4)
        Assert.Equal(2, d.Count(ch => ch == 'L'));
        AxisLimits limits = plot.Axes.GetLimits(plot.PlottableList);
        Assert.InRange(limits.Right, 4, 4.5); // 6 has a NaN partner, so it is not part of the data
    }

    [Fact]
    public void Only_non_finite_data_still_renders()
    {
        var plot = new Plot();
        plot.Add.Scatter([double.NaN, double.PositiveInfinity], [1.0, double.NaN]);
        plot.Add.BoxPlot([[double.NaN], []]);
        plot.Add.Bars([double.NaN, 2], errors: [double.NaN, -1]);
        XDocument.Parse(plot.GetSvg());
    }

    [Fact]
    public void Autoscaling_pads_data_but_keeps_bars_on_zero_and_widens_equal_values()
    {
        var plot = new Plot();
        plot.Add.Bars([1.0, 2, 4]);
        AxisLimits l = plot.Axes.GetLimits(plot.PlottableList);
        Assert.Equal(0, l.Bottom);
        Assert.True(l.Top > 4);

        var equal = new Plot();
        equal.Add.Scatter([2.0, 2], [5.0, 5]);
        AxisLimits e = equal.Axes.GetLimits(equal.PlottableList);
        Assert.True(e.Left < 2 && e.Right > 2 && e.Bottom < 5 && e.Top > 5);

        AxisLimits empty = new Plot().Axes.GetLimits([]);
        Assert.Equal(new AxisLimits(0, 1, 0, 1), empty);
    }

    [Fact]
    public void Fixed_limits_override_autoscaling_per_side()
    {
        var plot = new Plot();
        plot.Add.Scatter([0.0, 10], [0.0, 10]);
        plot.Axes.SetLimits(-1, double.NaN, 20, 5); // reversed Y pair is swapped
        AxisLimits l = plot.Axes.GetLimits(plot.PlottableList);
        Assert.Equal(-1, l.Left);
        Assert.Equal(10.5, l.Right, 9);
        Assert.Equal(5, l.Bottom);
        Assert.Equal(20, l.Top);
    }

    [Fact]
    public void InvertY_maps_larger_y_further_down()
    {
        var area = new PixelRect(10, 20, 110, 220);
        var up = new RenderContext(new SvgWriter(), area, new AxisLimits(0, 10, 0, 100), invertY: false);
        var down = new RenderContext(new SvgWriter(), area, new AxisLimits(0, 10, 0, 100), invertY: true);
        Assert.Equal(220, up.YToPixel(0));
        Assert.Equal(20, up.YToPixel(100));
        Assert.Equal(20, down.YToPixel(0));
        Assert.Equal(220, down.YToPixel(100));
        Assert.Equal(60, down.XToPixel(5));
    }

    [Fact]
    public void SquareUnits_gives_equal_scale_on_both_axes()
    {
        AxisLimits square = Axes.MakeSquare(new AxisLimits(0, 10, 0, 1), 400, 200);
        Assert.Equal(square.Width / 400, square.Height / 200, 12);
        Assert.Equal(0.5, (square.Bottom + square.Top) / 2, 12);
    }

    [Fact]
    public void Image_underlay_embeds_a_png_and_draws_overlays_after_it()
    {
        string svg = SamplePlots.ImageWithLandmarks().GetSvg();
        XDocument doc = XDocument.Parse(svg);
        XElement image = doc.Descendants(Svg + "image").Single();
        XNamespace xlink = "http://www.w3.org/1999/xlink";
        string href = image.Attribute(xlink + "href")!.Value;
        Assert.StartsWith("data:image/png;base64,", href, StringComparison.Ordinal);
        byte[] png = Convert.FromBase64String(href["data:image/png;base64,".Length..]);
        Assert.True(PngEncoder.TryReadSize(png, out int w, out int h));
        Assert.Equal((64, 80), (w, h));
        Assert.True(svg.IndexOf("<image", StringComparison.Ordinal) < svg.LastIndexOf("<path", StringComparison.Ordinal));
    }

    [Fact]
    public void Clip_ids_are_deterministic_and_referenced()
    {
        XDocument doc = XDocument.Parse(SamplePlots.Histogram().GetSvg(640, 420));
        string id = doc.Descendants(Svg + "clipPath").Single().Attribute("id")!.Value;
        Assert.StartsWith("fbclip-640x420-", id, StringComparison.Ordinal);
        Assert.Contains(doc.Descendants(Svg + "g"), g => g.Attribute("clip-path")?.Value == $"url(#{id})");
    }

    [Fact]
    public void Palette_assigns_distinct_okabe_ito_colours_in_order()
    {
        var plot = new Plot();
        Scatter a = plot.Add.Scatter([1.0], [1.0]);
        Scatter b = plot.Add.Scatter([1.0], [1.0]);
        Assert.Equal(Palette.OkabeIto.GetColor(0), a.Color);
        Assert.Equal(Palette.OkabeIto.GetColor(1), b.Color);
        Assert.NotEqual(a.Color, b.Color);
    }

    [Fact]
    public void SaveSvg_writes_the_same_document_as_GetSvg()
    {
        string path = Path.Combine(Path.GetTempPath(), $"facebench-plot-{Environment.ProcessId}.svg");
        try
        {
            Plot plot = SamplePlots.Ecdf();
            plot.SaveSvg(path, 300, 200);
            Assert.Equal(plot.GetSvg(300, 200), File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
