using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>
/// Bilinear interpolation in Facebench's pixel coordinates ((0,0) is the centre of the top-left pixel), with
/// edge pixels repeated outside the image. Plain double/float arithmetic: not bit-identical to OpenCV's
/// fixed-point cv::resize, though within one grey level of it.
/// </summary>
public static class Bilinear
{
    /// <summary>Interpolates channel <paramref name="channel"/> at (x, y); NaN coordinates give NaN.</summary>
    public static double Sample(ImageBuffer image, double x, double y, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, image.Channels);
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }

        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        int x0 = Math.Min((int)x, image.Width - 2 < 0 ? 0 : image.Width - 2);
        int y0 = Math.Min((int)y, image.Height - 2 < 0 ? 0 : image.Height - 2);
        int x1 = Math.Min(x0 + 1, image.Width - 1), y1 = Math.Min(y0 + 1, image.Height - 1);
        double fx = x - x0, fy = y - y0;
        int c = image.Channels;
        byte[] p = image.Pixels;
        double top = p[(((y0 * image.Width) + x0) * c) + channel] + (fx * (p[(((y0 * image.Width) + x1) * c) + channel] - p[(((y0 * image.Width) + x0) * c) + channel]));
        double bottom = p[(((y1 * image.Width) + x0) * c) + channel] + (fx * (p[(((y1 * image.Width) + x1) * c) + channel] - p[(((y1 * image.Width) + x0) * c) + channel]));
        return top + (fy * (bottom - top));
    }

    /// <summary>
    /// Resizes with pixel centres aligned (source x = (x + 0.5) · srcW / dstW − 0.5, as cv::resize's INTER_LINEAR);
    /// samples are rounded to the nearest integer. No prefiltering: shrink by at most 2× per call to avoid aliasing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive target size.</exception>
    public static ImageBuffer Resize(ImageBuffer image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int c = image.Channels, sw = image.Width, sh = image.Height;
        var (xi, xf) = Taps(sw, width);
        var (yi, yf) = Taps(sh, height);
        byte[] src = image.Pixels;
        byte[] dst = new byte[width * height * c];
        float[] top = new float[width * c], bottom = new float[width * c];
        for (int y = 0; y < height; y++)
        {
            Horizontal(src.AsSpan(yi[y] * sw * c, sw * c), xi, xf, c, top);
            Horizontal(src.AsSpan(Math.Min(yi[y] + 1, sh - 1) * sw * c, sw * c), xi, xf, c, bottom);
            float f = yf[y];
            var row = dst.AsSpan(y * width * c, width * c);
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = (byte)(top[i] + (f * (bottom[i] - top[i])) + 0.5f);
            }
        }

        return new ImageBuffer(width, height, image.Format, dst);
    }

    /// <summary>Per target coordinate: the left/upper source index and the weight of the next one.</summary>
    private static (int[] Index, float[] Fraction) Taps(int source, int target)
    {
        int[] index = new int[target];
        float[] fraction = new float[target];
        double scale = (double)source / target;
        for (int i = 0; i < target; i++)
        {
            double s = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, source - 1);
            int i0 = (int)s;
            index[i] = i0;
            fraction[i] = i0 + 1 < source ? (float)(s - i0) : 0f;
        }

        return (index, fraction);
    }

    private static void Horizontal(ReadOnlySpan<byte> row, int[] xi, float[] xf, int c, float[] output)
    {
        int last = (row.Length / c) - 1;
        for (int x = 0; x < xi.Length; x++)
        {
            int a = xi[x] * c, b = Math.Min(xi[x] + 1, last) * c;
            float f = xf[x];
            for (int k = 0; k < c; k++)
            {
                output[(x * c) + k] = row[a + k] + (f * (row[b + k] - row[a + k]));
            }
        }
    }
}
