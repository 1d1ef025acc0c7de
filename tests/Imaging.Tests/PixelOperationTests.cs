using Facebench.Contracts.Imaging;

namespace Facebench.Imaging.Tests;

/// <summary>Grayscale weights, bilinear sampling, resize, crop and orientation transforms.</summary>
public sealed class PixelOperationTests
{
    private static readonly ImageBuffer Rgb = new(2, 2, PixelFormat.Rgb24, [10, 20, 31, 255, 0, 0, 0, 255, 0, 0, 0, 255]);

    [Fact]
    public void Grayscale_weights_are_dlibs_average_and_OpenCVs_BT601()
    {
        Assert.Equal(new byte[] { 20, 85, 85, 85 }, Grayscale.Convert(Rgb, GrayWeights.Average).Pixels);
        // (4899 R + 9617 G + 1868 B + 8192) >> 14: 255 red -> 76, green -> 150, blue -> 29.
        Assert.Equal(new byte[] { 18, 76, 150, 29 }, Grayscale.Convert(Rgb, GrayWeights.Bt601).Pixels);
        var gray = new ImageBuffer(1, 1, PixelFormat.Gray8, [9]);
        Assert.Same(gray, Grayscale.Convert(gray));
    }

    [Fact]
    public void Bilinear_sampling_uses_pixel_centres()
    {
        var image = new ImageBuffer(3, 2, PixelFormat.Gray8, [0, 100, 200, 50, 150, 250]);
        Assert.Equal(100, Bilinear.Sample(image, 1, 0));
        Assert.Equal(50, Bilinear.Sample(image, 0.5, 0));
        Assert.Equal(75, Bilinear.Sample(image, 0.5, 0.5));
        Assert.Equal(250, Bilinear.Sample(image, 2, 1));
        Assert.Equal(250, Bilinear.Sample(image, 5, 9)); // edge repeated
        Assert.Equal(0, Bilinear.Sample(image, -3, -3));
        Assert.Equal(255, Bilinear.Sample(Rgb, 1, 0, channel: 0));
        Assert.True(double.IsNaN(Bilinear.Sample(image, double.NaN, 0)));
    }

    [Fact]
    public void Resize_keeps_constant_images_and_same_size_copies()
    {
        var rng = new Random(2);
        byte[] pixels = new byte[17 * 11 * 3];
        rng.NextBytes(pixels);
        var image = new ImageBuffer(17, 11, PixelFormat.Rgb24, pixels);
        Assert.Equal(pixels, Bilinear.Resize(image, 17, 11).Pixels);
        var flat = new ImageBuffer(8, 8, PixelFormat.Gray8, [.. Enumerable.Repeat((byte)77, 64)]);
        Assert.All(Bilinear.Resize(flat, 5, 13).Pixels, p => Assert.Equal(77, p));
        var half = Bilinear.Resize(new ImageBuffer(4, 1, PixelFormat.Gray8, [0, 100, 200, 250]), 2, 1);
        Assert.Equal(new byte[] { 50, 225 }, half.Pixels);
    }

    [Fact]
    public void Crop_copies_the_rectangle_and_rejects_outside_ones()
    {
        var image = new ImageBuffer(4, 3, PixelFormat.Gray8, [.. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        Assert.Equal(new byte[] { 5, 6, 9, 10 }, ImageTransforms.Crop(image, 1, 1, 2, 2).Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTransforms.Crop(image, 3, 0, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTransforms.Crop(image, 0, 0, 0, 1));
    }

    [Theory]
    [InlineData(ExifOrientation.Normal, 3, 2, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(ExifOrientation.FlipHorizontal, 3, 2, new byte[] { 3, 2, 1, 6, 5, 4 })]
    [InlineData(ExifOrientation.Rotate180, 3, 2, new byte[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData(ExifOrientation.FlipVertical, 3, 2, new byte[] { 4, 5, 6, 1, 2, 3 })]
    [InlineData(ExifOrientation.Transpose, 2, 3, new byte[] { 1, 4, 2, 5, 3, 6 })]
    [InlineData(ExifOrientation.Rotate90, 2, 3, new byte[] { 4, 1, 5, 2, 6, 3 })]
    [InlineData(ExifOrientation.Transverse, 2, 3, new byte[] { 6, 3, 5, 2, 4, 1 })]
    [InlineData(ExifOrientation.Rotate270, 2, 3, new byte[] { 3, 6, 2, 5, 1, 4 })]
    public void Orientations_turn_the_stored_pixels_upright(ExifOrientation orientation, int width, int height, byte[] expected)
    {
        // Stored:  1 2 3
        //          4 5 6
        var image = new ImageBuffer(3, 2, PixelFormat.Gray8, [1, 2, 3, 4, 5, 6]);
        var upright = ImageTransforms.Orient(image, orientation);
        Assert.Equal((width, height), (upright.Width, upright.Height));
        Assert.Equal(expected, upright.Pixels);
    }
}
