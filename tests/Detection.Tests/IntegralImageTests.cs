namespace Facebench.Detection.Tests;

public sealed class IntegralImageTests
{
    private static byte[] RandomImage(int width, int height, int seed)
    {
        var random = new Random(seed);
        byte[] pixels = new byte[width * height];
        random.NextBytes(pixels);
        return pixels;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 7)]
    [InlineData(33, 20)]
    public void Sum_and_squares_equal_brute_force(int width, int height)
    {
        byte[] image = RandomImage(width, height, width * 31 + height);
        int stride = width + 5; // a wider stride than needed, as the detector uses for smaller levels
        int[] sum = new int[stride * (height + 1)];
        int[] squares = new int[stride * (height + 1)];
        IntegralImage.Compute(image, width, height, sum, squares, stride);
        for (int y = 0; y <= height; y++)
        {
            for (int x = 0; x <= width; x++)
            {
                long s = 0, q = 0;
                for (int j = 0; j < y; j++)
                {
                    for (int i = 0; i < x; i++)
                    {
                        int v = image[(j * width) + i];
                        s += v;
                        q += v * v;
                    }
                }

                Assert.Equal(s, sum[(y * stride) + x]);
                Assert.Equal(q, squares[(y * stride) + x]);
            }
        }
    }

    [Fact]
    public void Square_sums_wrap_like_OpenCVs_32_bit_tables_and_window_sums_stay_exact()
    {
        // 400x400 white: the full-image square sum (1.04e10) overflows int, a 24x24 window's does not.
        const int n = 400;
        byte[] white = Enumerable.Repeat((byte)255, n * n).ToArray();
        int stride = n + 1;
        int[] sum = new int[stride * (n + 1)];
        int[] squares = new int[stride * (n + 1)];
        IntegralImage.Compute(white, n, n, sum, squares, stride);
        Assert.Equal(unchecked((int)(255L * 255 * n * n)), squares[(n * stride) + n]);
        int x = 300, y = 310;
        int window = squares[((y + 24) * stride) + x + 24] - squares[((y + 24) * stride) + x] - squares[(y * stride) + x + 24] + squares[(y * stride) + x];
        Assert.Equal(255 * 255 * 24 * 24, window);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 7)]
    [InlineData(6, 15)]
    public void Tilted_sum_equals_its_definition(int width, int height)
    {
        // OpenCV: tilted(X, Y) = Σ I(x, y) over y < Y, |x − X + 1| ≤ Y − y − 1 (checked against cv2.integral3).
        byte[] image = RandomImage(width, height, 7 + width);
        int stride = width + 1;
        int[] tilted = new int[stride * (height + 1)];
        IntegralImage.ComputeTilted(image, width, height, tilted, stride, new int[IntegralImage.TiltedScratchLength(width, height)]);
        for (int yy = 0; yy <= height; yy++)
        {
            for (int xx = 0; xx <= width; xx++)
            {
                long expected = 0;
                for (int y = 0; y < yy; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        if (Math.Abs(x - xx + 1) <= yy - y - 1)
                        {
                            expected += image[(y * width) + x];
                        }
                    }
                }

                Assert.Equal(expected, tilted[(yy * stride) + xx]);
            }
        }
    }

    [Fact]
    public void Tilted_table_matches_values_from_OpenCV()
    {
        // cv2.integral3 of [[10, 20], [30, 40]]: tilted = [[0, 0, 0], [0, 10, 20], [10, 60, 70]].
        byte[] image = [10, 20, 30, 40];
        int[] tilted = new int[9];
        IntegralImage.ComputeTilted(image, 2, 2, tilted, 3, new int[IntegralImage.TiltedScratchLength(2, 2)]);
        Assert.Equal([0, 0, 0, 0, 10, 20, 10, 60, 70], tilted);
    }
}
