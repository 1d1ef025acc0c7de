using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>How <see cref="Grayscale"/> weighs R, G and B.</summary>
public enum GrayWeights
{
    /// <summary>
    /// (R + G + B) / 3 with truncating integer division: dlib's rgb_pixel → unsigned char assignment, which its
    /// shape predictor sees (docs/dlib-shape-predictor.md, "Inputs").
    /// </summary>
    Average = 0,

    /// <summary>
    /// ITU-R BT.601 luma, 0.299 R + 0.587 G + 0.114 B, in OpenCV's 14-bit fixed point for 8-bit images
    /// ((4899 R + 9617 G + 1868 B + 8192) >> 14), so it equals cv::cvtColor(RGB2GRAY) byte for byte.
    /// </summary>
    Bt601 = 1,
}

/// <summary>RGB to one-channel conversion.</summary>
public static class Grayscale
{
    /// <summary>Converts to Gray8; a Gray8 input is returned as is.</summary>
    public static ImageBuffer Convert(ImageBuffer image, GrayWeights weights = GrayWeights.Bt601)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Format == PixelFormat.Gray8)
        {
            return image;
        }

        byte[] src = image.Pixels;
        byte[] dst = new byte[image.Width * image.Height];
        for (int i = 0, s = 0; i < dst.Length; i++, s += 3)
        {
            dst[i] = Pixel(src[s], src[s + 1], src[s + 2], weights);
        }

        return new ImageBuffer(image.Width, image.Height, PixelFormat.Gray8, dst);
    }

    /// <summary>The gray value of one RGB pixel.</summary>
    public static byte Pixel(byte r, byte g, byte b, GrayWeights weights) => weights == GrayWeights.Average
        ? (byte)((r + g + b) / 3)
        : (byte)(((4899 * r) + (9617 * g) + (1868 * b) + 8192) >> 14);
}
