using Facebench.Testing;
using System.Globalization;
using Facebench.Contracts;
using Facebench.Imaging;
using Facebench.Landmarks.Ert;
using Xunit.Abstractions;

namespace Facebench.Landmarks.Tests;

/// <summary>The C# predictor against dlib 19.24's own outputs (the shared CSV) on every box of the example XML.</summary>
public sealed class DlibReferenceTests(ITestOutputHelper output)
{
    private sealed record Row(string Image, int Left, int Top, int Width, int Height, int Index, double X, double Y);

    [AssetFact(DlibAssets.Model, DlibAssets.Csv)]
    public void Matches_dlib_19_24_on_every_box_within_1e3_px_and_exactly_when_rounded()
    {
        var rows = File.ReadLines(DlibAssets.Shared(DlibAssets.Csv)).Skip(1).Select(Parse).ToList();
        var boxes = rows.GroupBy(r => (r.Image, r.Left, r.Top, r.Width, r.Height)).ToList();
        Assert.Equal(18, boxes.Count);
        var predictor = new ShapePredictor(ShapePredictorModel.LoadShared(DlibAssets.Model));
        var images = new Dictionary<string, Facebench.Contracts.Imaging.ImageBuffer>();
        double worst = 0;
        int points = 0;
        foreach (var box in boxes)
        {
            if (!images.TryGetValue(box.Key.Image, out var image))
            {
                image = images[box.Key.Image] = ImageCodec.Load(Path.Combine(DlibAssets.Shared(DlibAssets.DlibFaces), box.Key.Image));
            }

            var predicted = predictor.Predict(image, new BoundingBox(box.Key.Left, box.Key.Top, box.Key.Width, box.Key.Height));
            Assert.Equal(68, box.Count());
            foreach (var row in box)
            {
                var p = predicted[row.Index];
                double error = Math.Max(Math.Abs(p.X - row.X), Math.Abs(p.Y - row.Y));
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-3, $"{box.Key} point {row.Index}: ({p.X}, {p.Y}) vs dlib ({row.X}, {row.Y})");
                Assert.Equal(Math.Floor(row.X + 0.5), Math.Floor(p.X + 0.5));
                Assert.Equal(Math.Floor(row.Y + 0.5), Math.Floor(p.Y + 0.5));
                points++;
            }
        }

        Assert.Equal(18 * 68, points);
        output.WriteLine($"{points} points on {boxes.Count} boxes; largest difference from dlib {worst:E2} px");
    }

    private static Row Parse(string line)
    {
        string[] f = line.Split(',');
        var c = CultureInfo.InvariantCulture;
        return new Row(f[0], int.Parse(f[1], c), int.Parse(f[2], c), int.Parse(f[3], c), int.Parse(f[4], c), int.Parse(f[5], c), double.Parse(f[6], c), double.Parse(f[7], c));
    }
}
