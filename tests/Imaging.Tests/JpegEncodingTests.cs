using Facebench.Contracts.Imaging;

namespace Facebench.Imaging.Tests;

/// <summary>JPEG writing (<see cref="ImageCodec.EncodeJpeg"/>): a smooth image comes back close, and the quality is checked.</summary>
public sealed class JpegEncodingTests
{
    [Fact]
    public void A_smooth_image_round_trips_within_a_few_grey_levels()
    {
        const int w = 96, h = 64;
        var pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int p = 3 * ((y * w) + x);
                pixels[p] = (byte)(60 + x);
                pixels[p + 1] = (byte)(40 + (2 * y));
                pixels[p + 2] = (byte)(120 + ((x + y) / 2));
            }
        }

        var image = new ImageBuffer(w, h, PixelFormat.Rgb24, pixels);
        byte[] jpeg = ImageCodec.EncodeJpeg(image, quality: 90);
        Assert.Equal([0xFF, 0xD8, 0xFF], jpeg[..3]);

        ImageBuffer back = ImageCodec.Decode(jpeg);
        Assert.Equal((w, h), (back.Width, back.Height));
        double meanError = pixels.Select((v, i) => Math.Abs(v - back.Pixels[i])).Average();
        Assert.True(meanError < 3, $"mean error {meanError:F2} grey levels");
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCodec.EncodeJpeg(image, quality: 0));
    }
}
