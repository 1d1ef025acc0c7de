using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>Exact pixel-copying geometric transforms: crop and the eight EXIF orientations.</summary>
public static class ImageTransforms
{
    /// <summary>Copies the rectangle with top-left pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or leaves the image.</exception>
    public static ImageBuffer Crop(ImageBuffer image, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || x > image.Width - width || y > image.Height - height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"crop {width}x{height} at ({x},{y}) is empty or leaves the {image.Width}x{image.Height} image.");
        }

        int c = image.Channels;
        byte[] pixels = new byte[width * height * c];
        for (int row = 0; row < height; row++)
        {
            image.Pixels.AsSpan((((y + row) * image.Width) + x) * c, width * c).CopyTo(pixels.AsSpan(row * width * c));
        }

        return new ImageBuffer(width, height, image.Format, pixels);
    }

    /// <summary>
    /// Turns stored pixels upright as an EXIF orientation tag says; returns the same instance for
    /// <see cref="ExifOrientation.Normal"/>.
    /// </summary>
    public static ImageBuffer Orient(ImageBuffer image, ExifOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (orientation == ExifOrientation.Normal)
        {
            return image;
        }

        int w = image.Width, h = image.Height, c = image.Channels;
        bool swap = orientation.SwapsAxes();
        int outW = swap ? h : w, outH = swap ? w : h;
        byte[] src = image.Pixels;
        byte[] dst = new byte[src.Length];
        for (int oy = 0; oy < outH; oy++)
        {
            for (int ox = 0; ox < outW; ox++)
            {
                // Inverse map: which stored pixel shows at (ox, oy) once the picture is upright.
                var (sx, sy) = orientation switch
                {
                    ExifOrientation.FlipHorizontal => (w - 1 - ox, oy),
                    ExifOrientation.Rotate180 => (w - 1 - ox, h - 1 - oy),
                    ExifOrientation.FlipVertical => (ox, h - 1 - oy),
                    ExifOrientation.Transpose => (oy, ox),
                    ExifOrientation.Rotate90 => (oy, h - 1 - ox),
                    ExifOrientation.Transverse => (w - 1 - oy, h - 1 - ox),
                    ExifOrientation.Rotate270 => (w - 1 - oy, ox),
                    _ => (ox, oy),
                };
                int s = ((sy * w) + sx) * c, d = ((oy * outW) + ox) * c;
                for (int k = 0; k < c; k++)
                {
                    dst[d + k] = src[s + k];
                }
            }
        }

        return new ImageBuffer(outW, outH, image.Format, dst);
    }
}
