using Facebench.Contracts.Imaging;

namespace Facebench.Detection;

/// <summary>
/// RGB to gray exactly as OpenCV's <c>cvtColor(COLOR_BGR2GRAY)</c> does for 8-bit images, which is what a Python
/// or C++ caller feeds <c>detectMultiScale</c>: <c>Y = (9798·R + 19235·G + 3735·B + 2¹⁴) &gt;&gt; 15</c>
/// (ITU-R BT.601 weights 0.299, 0.587, 0.114 in 15-bit fixed point; checked against OpenCV 4.6 on all 2²⁴
/// colours; the 14-bit variant of older OpenCV differs on about 0.3% of colours). A detector that is to give
/// OpenCV's boxes must see OpenCV's gray values, so this lives here rather than in a general imaging library.
/// </summary>
public static class OpenCvGray
{
    private const int RedWeight = 9798;
    private const int GreenWeight = 19235;
    private const int BlueWeight = 3735;
    private const int Shift = 15;

    /// <summary>Returns the gray pixels of an image (a copy for Rgb24, the pixels themselves for Gray8).</summary>
    public static byte[] Convert(ImageBuffer image)
    {
        if (image.Format == PixelFormat.Gray8)
        {
            return image.Pixels;
        }

        byte[] gray = new byte[image.Width * image.Height];
        Convert(image, gray);
        return gray;
    }

    /// <summary>Writes the gray pixels of an image into <paramref name="destination"/> (width × height bytes).</summary>
    public static void Convert(ImageBuffer image, Span<byte> destination)
    {
        int count = image.Width * image.Height;
        if (destination.Length < count)
        {
            throw new ArgumentException($"the destination holds {destination.Length} pixels, not {count}.", nameof(destination));
        }

        ReadOnlySpan<byte> src = image.Pixels;
        if (image.Format == PixelFormat.Gray8)
        {
            src[..count].CopyTo(destination);
            return;
        }

        for (int i = 0, j = 0; i < count; i++, j += 3)
        {
            destination[i] = (byte)(((src[j] * RedWeight) + (src[j + 1] * GreenWeight) + (src[j + 2] * BlueWeight) + (1 << (Shift - 1))) >> Shift);
        }
    }
}
