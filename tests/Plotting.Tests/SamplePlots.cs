using Facebench.Plotting.Plottables;

namespace Facebench.Plotting.Tests;

/// <summary>The representative plots rendered by the golden-file tests (deterministic data only).</summary>
internal static class SamplePlots
{
    public static Plot LineScatterLegend()
    {
        var plot = new Plot();
        double[] xs = Enumerable.Range(0, 41).Select(i => i * 0.25).ToArray();
        Scatter sin = plot.Add.Line(xs, xs.Select(x => Math.Round(Math.Sin(x), 6)).ToArray());
        sin.LegendText = "sin(x)";
        sin.LineWidth = 2;
        Scatter cos = plot.Add.Scatter(xs, xs.Select(x => Math.Round(Math.Cos(x) * 0.8, 6)).ToArray());
        cos.LegendText = "0.8·cos(x)";
        cos.LinePattern = LinePattern.Dashed;
        var rng = new TestData(7);
        double[] px = rng.Normals(30, 5, 2.5);
        double[] py = rng.Normals(30, 0, 0.4);
        Scatter pts = plot.Add.ScatterPoints(px, py);
        pts.LegendText = "samples <n=30> & noise";
        pts.MarkerShape = MarkerShape.FilledDiamond;
        pts.MarkerSize = 7;
        plot.Add.HorizontalLine(0);
        plot.Title("Line and scatter with legend");
        plot.XLabel("Time [s]");
        plot.YLabel("Amplitude");
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    public static Plot Histogram()
    {
        var plot = new Plot();
        var rng = new TestData(11);
        Histogram golden = plot.Add.Histogram(rng.Normals(2000, 0, 1), binWidth: 0.25);
        golden.Scale = HistogramScale.Density;
        golden.LegendText = "golden";
        Histogram generated = plot.Add.Histogram(rng.Normals(1500, 0.6, 1.3), binWidth: 0.25);
        generated.Scale = HistogramScale.Density;
        generated.LegendText = "generated";
        plot.Title("Per-vertex error distribution");
        plot.XLabel("Error [mm]");
        plot.YLabel("Density");
        plot.ShowLegend();
        return plot;
    }

    public static Plot GroupedBars()
    {
        var plot = new Plot();
        string[] groups = ["Nose", "Mouth", "Eyes", "Cheeks"];
        string[] series = ["DECA", "EMOCA", "Ours"];
        double[,] values = { { 1.8, 1.6, 1.2 }, { 2.4, 2.1, 1.7 }, { 1.1, 1.0, 0.9 }, { 2.9, 2.6, 2.2 } };
        double[,] errors = { { 0.3, 0.25, 0.2 }, { 0.4, 0.35, 0.3 }, { 0.15, 0.2, 0.1 }, { 0.5, 0.45, 0.4 } };
        plot.Add.GroupedBars(groups, series, values, errors);
        plot.Title("Mean error by region (±1 sd)");
        plot.YLabel("Error [mm]");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot BoxPlot()
    {
        var plot = new Plot();
        var rng = new TestData(23);
        string[] labels = ["Forehead", "Left eye", "Right eye", "Nose tip", "Chin"];
        double[][] golden = labels.Select((_, i) => rng.Normals(60, 1 + (0.3 * i), 0.3 + (0.05 * i))).ToArray();
        double[][] generated = labels.Select((_, i) => rng.Normals(60, 1.2 + (0.35 * i), 0.45 + (0.05 * i))).ToArray();
        golden[2][0] = 4.5; // explicit outliers
        golden[2][1] = -0.4;
        generated[0][0] = 3.8;
        BoxPlot a = plot.Add.BoxPlot(golden, labels);
        a.LegendText = "golden";
        a.Offset = -0.18;
        a.BoxWidth = 0.32;
        BoxPlot b = plot.Add.BoxPlot(generated, labels);
        b.LegendText = "generated";
        b.Offset = 0.18;
        b.BoxWidth = 0.32;
        plot.Title("Landmark error per region");
        plot.YLabel("Error [mm]");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot Ecdf()
    {
        var plot = new Plot();
        var rng = new TestData(31);
        plot.Add.Ecdf(rng.Normals(300, 2, 0.6).Select(Math.Abs)).LegendText = "golden";
        plot.Add.Ecdf(rng.Normals(200, 2.5, 0.9).Select(Math.Abs)).LegendText = "generated";
        plot.Add.HorizontalLine(0.5).LegendText = "median";
        plot.Title("Cumulative error distribution");
        plot.XLabel("Error [mm]");
        plot.YLabel("Fraction ≤ x");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    public static Plot DensityContours()
    {
        var plot = new Plot();
        var rng = new TestData(43);
        double[] ax = rng.Normals(400, 0, 1);
        double[] ay = ax.Select(x => (0.6 * x) + rng.Normal(0, 0.7)).ToArray();
        double[] bx = rng.Normals(300, 1.8, 0.8);
        double[] by = rng.Normals(300, 1.2, 1.1);
        plot.Add.DensityContours(ax, ay, gridSize: 60).LegendText = "golden";
        plot.Add.DensityContours(bx, by, gridSize: 60).LegendText = "generated";
        plot.Title("Feature distribution (PC1 vs PC2)");
        plot.XLabel("PC1");
        plot.YLabel("PC2");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Synthetic 64×80 "face" image: vertical gradient background with a skin-coloured ellipse.</summary>
    public static byte[] FaceImage(out int width, out int height)
    {
        width = 64;
        height = 80;
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double u = (x + 0.5 - 32) / 24;
                double v = (y + 0.5 - 40) / 32;
                bool inside = (u * u) + (v * v) <= 1;
                int i = ((y * width) + x) * 3;
                rgb[i] = (byte)(inside ? 224 - (y / 2) : 40 + y);
                rgb[i + 1] = (byte)(inside ? 182 - (y / 2) : 60 + y);
                rgb[i + 2] = (byte)(inside ? 150 - (y / 3) : 90 + y);
            }
        }

        return rgb;
    }

    public static Plot ImageWithLandmarks()
    {
        var plot = new Plot();
        byte[] rgb = FaceImage(out int w, out int h);
        plot.Add.Image(rgb, w, h);
        // A ring of contour landmarks plus eyes, nose and mouth, in pixel coordinates (y down).
        var xs = new List<double>();
        var ys = new List<double>();
        for (int k = 0; k < 12; k++)
        {
            double t = Math.PI * k / 6;
            xs.Add(Math.Round(32 + (22 * Math.Cos(t)), 3));
            ys.Add(Math.Round(40 + (30 * Math.Sin(t)), 3));
        }

        xs.AddRange([22, 42, 32, 24, 32, 40]);
        ys.AddRange([32, 32, 44, 56, 58, 56]);
        var edges = new List<(int, int)>();
        for (int k = 0; k < 12; k++)
        {
            edges.Add((k, (k + 1) % 12));
        }

        edges.AddRange([(12, 14), (13, 14), (14, 16), (15, 16), (16, 17), (12, 13)]);
        Segments mesh = plot.Add.Segments(xs, ys, edges, Color.FromHex("#56B4E9"));
        mesh.LegendText = "wireframe";
        Scatter lm = plot.Add.ScatterPoints(xs, ys, Color.FromHex("#D55E00"));
        lm.MarkerShape = MarkerShape.Plus;
        lm.MarkerSize = 6;
        lm.MarkerStyle.LineWidth = 1.8;
        lm.LegendText = "landmarks";
        plot.Add.Text("nose", 34, 44).Color = Colors.White;
        plot.Axes.InvertY();
        plot.Axes.SquareUnits();
        plot.Title("Landmarks on image");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    public static Plot LongCategoryLabels()
    {
        var plot = new Plot();
        string[] labels = ["left_eye_outer_corner", "left_eye_inner_corner", "nose_tip", "mouth_left_corner", "mouth_right_corner", "chin_center", "right_ear_tragion"];
        double[] values = [0.8, 0.6, 1.9, 1.2, 1.25, 2.4, -0.5];
        plot.Add.Bars(values, labels, errors: [0.1, 0.1, 0.3, 0.2, 0.2, 0.4, 0.2]);
        plot.Title("Signed error per landmark (long labels are rotated)");
        plot.YLabel("Signed error [mm]");
        return plot;
    }

    public static Plot EdgeEmpty()
    {
        var plot = new Plot();
        plot.Add.Scatter(Array.Empty<double>(), Array.Empty<double>());
        plot.Add.Histogram([]);
        plot.Add.Ecdf([double.NaN]);
        plot.Add.DensityContours([], []);
        plot.Title("Empty data");
        plot.ShowLegend();
        return plot;
    }

    public static Plot EdgeSinglePoint()
    {
        var plot = new Plot();
        plot.Add.Scatter([3.0], [-2.0]).LegendText = "only point";
        plot.Add.DensityContours([3.0], [-2.0]);
        plot.Title("Single point");
        plot.ShowLegend();
        return plot;
    }

    public static Plot EdgeNaNEqualNegative()
    {
        var plot = new Plot();
        plot.Add.Scatter([-5, -4, double.NaN, -2, -1, double.PositiveInfinity, 1], [-10, -12, 3, -8, -9, 0, -11]).LegendText = "gaps at NaN/∞";
        plot.Add.Line([-5, 1], [-7, -7]).LegendText = "all equal";
        plot.Add.Histogram([-3, -3, -3, -3, double.NaN, double.NegativeInfinity]).LegendText = "equal values";
        plot.Title("NaN, infinity, equal and negative values");
        plot.XLabel("x < 0 mostly");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
