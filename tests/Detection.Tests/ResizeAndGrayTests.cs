using Facebench.Contracts.Imaging;

namespace Facebench.Detection.Tests;

public sealed class ResizeAndGrayTests
{
    [Fact]
    public void Same_size_copies()
    {
        byte[] image = [1, 2, 3, 4, 5, 6];
        byte[] output = new byte[6];
        new LinearExactResizer().Resize(image, 3, 2, output, 3, 2);
        Assert.Equal(image, output);
    }

    [Fact]
    public void Halving_averages_2x2_blocks_rounding_half_up()
    {
        // OpenCV takes the INTER_AREA path for exact halving; bit-exact linear gives the same (a+b+c+d+2)>>2.
        byte[] image = [0, 1, 10, 20, 2, 1, 30, 41];
        byte[] output = new byte[2];
        new LinearExactResizer().Resize(image, 4, 2, output, 2, 1);
        Assert.Equal([(0 + 1 + 2 + 1 + 2) >> 2, (10 + 20 + 30 + 41 + 2) >> 2], output);
    }

    [Fact]
    public void Constant_images_stay_constant_at_any_scale()
    {
        byte[] image = Enumerable.Repeat((byte)137, 101 * 77).ToArray();
        var resizer = new LinearExactResizer();
        foreach (var (w, h) in new[] { (92, 70), (50, 38), (13, 9), (1, 1), (101, 1) })
        {
            byte[] output = new byte[w * h];
            resizer.Resize(image, 101, 77, output, w, h);
            Assert.All(output, v => Assert.Equal(137, v));
        }
    }

    [Fact]
    public void Coefficients_follow_OpenCVs_fixed_point()
    {
        // Shrinking 11 -> 10: scale 1.1; destination 3 samples at 1.1 * 3.5 - 0.5 = 3.35 -> index 3, weight round(0.35 * 256) = 90.
        LinearExactResizer.Coefficient(1.0 / (10.0 / 11), 3, 11, out int index, out int weight, out bool blend);
        Assert.Equal((3, 90, true), (index, weight, blend));
        // Past the last pixel centre the edge pixel is used.
        LinearExactResizer.Coefficient(3.0, 2, 7, out index, out _, out blend);
        Assert.Equal((6, false), (index, blend));
    }

    [Fact]
    public void Gray_uses_OpenCVs_15_bit_weights()
    {
        // Values from cv2.cvtColor(BGR2GRAY) (OpenCV 4.6): its 15-bit weights differ from the 14-bit ones on e.g. (1, 2, 1).
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 1, 2, 1, 200, 100, 50];
        var image = new ImageBuffer(6, 1, PixelFormat.Rgb24, rgb);
        byte[] gray = OpenCvGray.Convert(image);
        int Expected(int r, int g, int b) => ((r * 9798) + (g * 19235) + (b * 3735) + 16384) >> 15;
        Assert.Equal([76, 150, 29, 255, (byte)Expected(1, 2, 1), (byte)Expected(200, 100, 50)], gray);
    }
}
