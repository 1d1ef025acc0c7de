using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Imaging;
using Facebench.Plotting;
using ScottPlot;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// Figures of the photometric comparison: for each of the first few samples and each model fitted to it, four panels
/// side by side at the fit's crop — the photo, the render of the fitted face, the render blended over the photo with the
/// observed and fitted landmarks, and the per-pixel error inside the face mask on one fixed colour scale for every
/// figure (so that models and photos compare at a glance).
/// </summary>
internal static class PhotometricComparisonFigures
{
    private static readonly Color ObservedColor = OkabeIto.Blue;
    private static readonly Color FittedColor = OkabeIto.Vermillion;

    public static void Add(ReportSection section, IReadOnlyList<Sample> samples, IReadOnlyList<string> models,
        Func<string, (FacetKey<PhotometricFitResult> Fit, FacetKey<PhotometricPreview> Preview)> keys, int count, double errorScale)
    {
        int drawn = 0;
        foreach (Sample sample in samples.Where(s => !s.Failed))
        {
            if (drawn >= count)
            {
                break;
            }

            bool any = false;
            foreach (string model in models)
            {
                (FacetKey<PhotometricFitResult> fitKey, FacetKey<PhotometricPreview> previewKey) = keys(model);
                if (!sample.TryGet(fitKey, out PhotometricFitResult fit) || !sample.TryGet(previewKey, out PhotometricPreview preview))
                {
                    continue;
                }

                any = true;
                ImageBuffer photo = ImageCodec.Decode(preview.Photo, $"{sample.Id} preview photo");
                ImageBuffer render = ImageCodec.Decode(preview.Render, $"{sample.Id} preview render");
                ImageBuffer error = ImageCodec.Decode(preview.Error, $"{sample.Id} preview error map");
                Point2[] observed = sample.TryGet(CoreFacets.Landmarks, out Point2[] o) ? o : [];
                FigureImage figure = FigureRenderer.RenderRow(
                    [
                        ImagePanel(photo, "photo"),
                        ImagePanel(RenderOnly(render, error), $"render ({model})"),
                        Overlay(Blend(photo, render, error), fit, observed),
                        ErrorMap(error, errorScale, fit.PhotometricError),
                    ],
                    new FigureSize(1240, 330));
                section.Figure($"photometric-{Safe(sample.Id)}-{model}", figure,
                    $"{sample.Id}, fitted with '{model}': the photo crop the fit worked on ({photo.Width}×{photo.Height}), the render of the fitted face, the render blended half over the photo (misalignment shows as ghosting) "
                    + $"with the observed landmarks (blue dots) and the fitted ones (vermillion rings), and the per-pixel error inside the face mask (mean absolute RGB difference, 0–{errorScale:0} grey levels; white outside the mask). "
                    + $"Photometric error {fit.InitialPhotometricError:0.00} → {fit.PhotometricError:0.00} grey levels, NME against the observed landmarks {100 * fit.InitialLandmarkNme:0.00} → {100 * fit.LandmarkNme:0.00} % (landmark-only → photometric).");
            }

            drawn += any ? 1 : 0;
        }
    }

    /// <summary>A panel showing an image in its own pixel coordinates (y up, so the image's top row is at the top).</summary>
    private static Plot ImagePanel(ImageBuffer image, string title)
    {
        Plot plot = HouseStyle.NewPlot();
        plot.Add.ImageRect(new ScottPlot.Image(ImageCodec.EncodePng(image)), new CoordinateRect(0, image.Width, 0, image.Height));
        Frame(plot, image.Width, image.Height, title);
        return plot;
    }

    private static Plot Overlay(ImageBuffer image, PhotometricFitResult fit, Point2[] observed)
    {
        Plot plot = ImagePanel(image, "render blended over photo");
        double step = fit.Crop.Width / image.Width;
        (double[] X, double[] Y) Map(IEnumerable<Point2> points)
        {
            Point2[] valid = [.. points.Where(p => p.IsValid)];
            // PhotoCrop: target pixel i covers source [x0 − ½ + i·s, x0 − ½ + (i + 1)·s); y flips for the y-up panel.
            return ([.. valid.Select(p => (p.X - fit.Crop.X + 0.5) / step)], [.. valid.Select(p => image.Height - ((p.Y - fit.Crop.Y + 0.5) / step))]);
        }

        // Rings first, dots on top: where the fit is good the dot sits inside its ring.
        (double[] fx, double[] fy) = Map(fit.FittedLandmarks);
        var rings = plot.Add.ScatterPoints(fx, fy, FittedColor);
        rings.MarkerShape = MarkerShape.OpenCircle;
        rings.MarkerSize = 8;
        rings.MarkerLineWidth = 1.5f;
        (double[] ox, double[] oy) = Map(observed);
        var dots = plot.Add.ScatterPoints(ox, oy, ObservedColor);
        dots.MarkerShape = MarkerShape.FilledCircle;
        dots.MarkerSize = 3.5f;
        return plot;
    }

    private static Plot ErrorMap(ImageBuffer map, double scale, double mean)
    {
        int w = map.Width, h = map.Height;
        var error = new double[h, w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                byte e = map.Pixels[((y * w) + x) * map.Channels];
                error[y, x] = e == PhotometricPreview.OutsideMask ? double.NaN : e;
            }
        }

        Plot plot = HouseStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(error);
        heatmap.Colormap = new ScottPlot.Colormaps.Inferno();
        heatmap.ManualRange = new ScottPlot.Range(0, scale);
        heatmap.NaNCellColor = Colors.White;
        heatmap.Rectangle = new CoordinateRect(0, w, 0, h);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "grey levels";
        Frame(plot, w, h, $"error (mean {mean:0.0})");
        return plot;
    }

    /// <summary>The fitted face on white: the render inside the mask only (the error map marks the outside).</summary>
    private static ImageBuffer RenderOnly(ImageBuffer render, ImageBuffer error)
    {
        byte[] pixels = (byte[])render.Pixels.Clone();
        for (int p = 0; p < error.Width * error.Height; p++)
        {
            // The decoder may hand a gray PNG back as RGB: the first channel holds the value either way.
            if (error.Pixels[p * error.Channels] == PhotometricPreview.OutsideMask)
            {
                pixels[3 * p] = pixels[(3 * p) + 1] = pixels[(3 * p) + 2] = 255;
            }
        }

        return new ImageBuffer(render.Width, render.Height, render.Format, pixels);
    }

    /// <summary>The photo with the render mixed in half and half inside the mask, so that both stay visible.</summary>
    private static ImageBuffer Blend(ImageBuffer photo, ImageBuffer render, ImageBuffer error)
    {
        byte[] pixels = (byte[])photo.Pixels.Clone();
        for (int p = 0; p < error.Width * error.Height; p++)
        {
            if (error.Pixels[p * error.Channels] != PhotometricPreview.OutsideMask)
            {
                for (int c = 0; c < 3; c++)
                {
                    pixels[(3 * p) + c] = (byte)((photo.Pixels[(3 * p) + c] + render.Pixels[(3 * p) + c] + 1) / 2);
                }
            }
        }

        return new ImageBuffer(photo.Width, photo.Height, photo.Format, pixels);
    }

    private static void Frame(Plot plot, int width, int height, string title)
    {
        plot.Axes.SetLimits(0, width, 0, height);
        plot.Axes.SquareUnits();
        plot.HideAxesAndGrid();
        plot.Title(title);
    }

    private static string Safe(string id) => new([.. id.Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
}
