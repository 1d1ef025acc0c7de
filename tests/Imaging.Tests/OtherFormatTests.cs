using System.Buffers.Binary;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using SkiaSharp;

namespace Facebench.Imaging.Tests;

/// <summary>WebP and BMP decoding, and formats that are refused.</summary>
public sealed class OtherFormatTests
{
    private static ImageBuffer Pattern(int width, int height)
    {
        // Smooth ramps and a noisy patch, so that lossy coding would show.
        var rng = new Random(11);
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                bool noisy = x > width / 2 && y > height / 2;
                pixels[i] = (byte)(noisy ? rng.Next(256) : x * 255 / width);
                pixels[i + 1] = (byte)(noisy ? rng.Next(256) : y * 255 / height);
                pixels[i + 2] = (byte)((x + y) % 256);
            }
        }

        return new ImageBuffer(width, height, PixelFormat.Rgb24, pixels);
    }

    [Fact]
    public void Lossless_WebP_decodes_to_the_encoded_pixels()
    {
        var image = Pattern(67, 45);
        byte[] rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            image.Pixels.AsSpan(3 * i, 3).CopyTo(rgba.AsSpan(4 * i));
            rgba[(4 * i) + 3] = 255;
        }

        using var source = SKImage.FromPixelCopy(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba);
        using SKPixmap pixmap = source.PeekPixels() ?? throw new InvalidOperationException("a raster image has pixels");
        using SKData encoded = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100)) ?? throw new InvalidOperationException("WebP encoding failed");
        byte[] webp = encoded.ToArray();

        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(webp, 0, 4));
        var decoded = ImageCodec.Decode(webp, "pattern.webp");
        Assert.Equal((PixelFormat.Rgb24, image.Size), (decoded.Format, decoded.Size));
        Assert.Equal(image.Pixels, decoded.Pixels);

        string path = Path.Combine(Directory.CreateTempSubdirectory("facebench-webp").FullName, "pattern.webp");
        File.WriteAllBytes(path, webp);
        Assert.Equal(image.Size, ImageCodec.ReadSize(path));
        foreach (int length in new[] { 10, 40, webp.Length / 2, webp.Length - 1 })
        {
            var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(webp.AsSpan(0, length), "cut.webp"));
            Assert.StartsWith("cut.webp: ", e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void BMP_decodes_bottom_up_BGR_rows()
    {
        var image = Pattern(37, 23); // 37 × 3 bytes: rows padded to 4 bytes
        byte[] bmp = Bmp24(image);
        var decoded = ImageCodec.Decode(bmp, "pattern.bmp");
        Assert.Equal((PixelFormat.Rgb24, image.Size), (decoded.Format, decoded.Size));
        Assert.Equal(image.Pixels, decoded.Pixels);
        foreach (int length in new[] { 10, 30, 54 + 100, bmp.Length - 1 })
        {
            var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(bmp.AsSpan(0, length), "cut.bmp"));
            Assert.StartsWith("cut.bmp: ", e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void Unknown_and_unsupported_formats_are_named()
    {
        Assert.Equal("notes.txt: not a PNG, JPEG, WebP or BMP file (unknown signature).", Assert.Throws<PluginInputException>(() => ImageCodec.Decode("not an image at all"u8, "notes.txt")).Message);
        // A 1×1 GIF: Skia could read it, but only the four formats above are supported.
        byte[] gif = [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B];
        Assert.Equal("a.gif: Gif images are not read here; convert the file to PNG, JPEG, WebP or BMP.", Assert.Throws<PluginInputException>(() => ImageCodec.Decode(gif, "a.gif")).Message);
        string path = Path.Combine(Directory.CreateTempSubdirectory("facebench-unknown").FullName, "empty.png");
        File.WriteAllBytes(path, []);
        Assert.Equal($"{path}: the image file is empty.", Assert.Throws<PluginInputException>(() => ImageCodec.Load(path)).Message);
        Assert.Equal($"{path}: the image file is empty.", Assert.Throws<PluginInputException>(() => ImageHeader.ReadSize(path)).Message);
        File.Delete(path);
        Assert.Equal($"{path}: image file not found.", Assert.Throws<PluginInputException>(() => ImageCodec.Load(path)).Message);
        Assert.Equal($"{path}: image file not found.", Assert.Throws<PluginInputException>(() => ImageHeader.ReadSize(path)).Message);
    }

    /// <summary>A Windows bitmap: BITMAPFILEHEADER + BITMAPINFOHEADER, 24-bit BGR rows bottom-up, padded to 4 bytes.</summary>
    private static byte[] Bmp24(ImageBuffer image)
    {
        int stride = ((image.Width * 3) + 3) & ~3;
        byte[] bmp = new byte[54 + (stride * image.Height)];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), image.Height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), stride * image.Height);
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                int s = ((y * image.Width) + x) * 3, d = 54 + ((image.Height - 1 - y) * stride) + (x * 3);
                bmp[d] = image.Pixels[s + 2];
                bmp[d + 1] = image.Pixels[s + 1];
                bmp[d + 2] = image.Pixels[s];
            }
        }

        return bmp;
    }
}
