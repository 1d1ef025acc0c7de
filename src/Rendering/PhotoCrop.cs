using Facebench.Contracts.Imaging;

namespace Facebench.Rendering;

/// <summary>
/// Cuts a square around the face out of a photo and resamples it to the fitting resolution, as RGB values in [0, 1]
/// (gray photos give three equal channels). The square has its top-left source pixel centre at (x0, y0) and
/// <c>size</c> source pixels on a side; target pixel (i, j) covers the source square
/// <c>[x0 − ½ + i·s, x0 − ½ + (i + 1)·s)</c> with s = size / width (so <see cref="RenderCamera.Cropped"/> maps the
/// camera consistently). Each target pixel averages m × m bilinear samples spread over its footprint, m = ⌈s⌉: a box
/// prefilter that keeps a downsampled photo free of aliasing. Outside the photo the border pixels repeat.
/// </summary>
public static class PhotoCrop
{
    /// <summary>Writes the crop into <paramref name="rgb"/> (width × height × 3 values).</summary>
    public static void Extract(ImageBuffer photo, double x0, double y0, double size, int width, int height, Span<double> rgb)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (!(size > 0) || !double.IsFinite(x0) || !double.IsFinite(y0) || !double.IsFinite(size))
        {
            throw new ArgumentException($"the crop ({x0}, {y0}, size {size}) must be finite with a positive size.");
        }

        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"the output holds {rgb.Length} values; a {width}×{height} RGB crop needs {width * height * 3}.", nameof(rgb));
        }

        double step = size / width;
        int m = step < 2 ? 1 : (int)Math.Ceiling(step - 1e-9);
        double inv = 1.0 / (m * m * 255.0);
        byte[] pixels = photo.Pixels;
        int channels = photo.Channels, w = photo.Width, h = photo.Height;
        for (int j = 0; j < height; j++)
        {
            for (int i = 0; i < width; i++)
            {
                double r = 0, g = 0, b = 0;
                for (int sy = 0; sy < m; sy++)
                {
                    double y = y0 - 0.5 + ((j + ((sy + 0.5) / m)) * step);
                    y = Math.Clamp(y, 0, h - 1);
                    int ya = Math.Min((int)y, Math.Max(h - 2, 0)), yb = Math.Min(ya + 1, h - 1);
                    double fy = y - ya;
                    for (int sx = 0; sx < m; sx++)
                    {
                        double x = x0 - 0.5 + ((i + ((sx + 0.5) / m)) * step);
                        x = Math.Clamp(x, 0, w - 1);
                        int xa = Math.Min((int)x, Math.Max(w - 2, 0)), xb = Math.Min(xa + 1, w - 1);
                        double fx = x - xa;
                        double w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                        int p00 = ((ya * w) + xa) * channels, p10 = ((ya * w) + xb) * channels, p01 = ((yb * w) + xa) * channels, p11 = ((yb * w) + xb) * channels;
                        if (channels == 1)
                        {
                            double v = (w00 * pixels[p00]) + (w10 * pixels[p10]) + (w01 * pixels[p01]) + (w11 * pixels[p11]);
                            r += v;
                            g += v;
                            b += v;
                        }
                        else
                        {
                            r += (w00 * pixels[p00]) + (w10 * pixels[p10]) + (w01 * pixels[p01]) + (w11 * pixels[p11]);
                            g += (w00 * pixels[p00 + 1]) + (w10 * pixels[p10 + 1]) + (w01 * pixels[p01 + 1]) + (w11 * pixels[p11 + 1]);
                            b += (w00 * pixels[p00 + 2]) + (w10 * pixels[p10 + 2]) + (w01 * pixels[p01 + 2]) + (w11 * pixels[p11 + 2]);
                        }
                    }
                }

                int o = 3 * ((j * width) + i);
                rgb[o] = r * inv;
                rgb[o + 1] = g * inv;
                rgb[o + 2] = b * inv;
            }
        }
    }
}
