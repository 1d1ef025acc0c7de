using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Testing;

namespace Facebench.Imaging.Tests;

/// <summary>
/// JPEG decoding through libturbojpeg on the shared dlib photos. (That the pixels are libjpeg's exactly is also
/// shown by the landmark tests, which reproduce dlib's outputs from thousands of sampled pixels.)
/// </summary>
public sealed class JpegTests
{
    private const string Photo = "data/dlib-faces/2007_007763.jpg";

    [TurboJpegFact("data/dlib-faces/2007_007763.jpg", "data/dlib-faces/2008_001009.jpg", "data/dlib-faces/2008_001322.jpg", "data/dlib-faces/2008_002079.jpg")]
    public void Decodes_the_shared_photos_at_their_header_sizes()
    {
        foreach (string name in new[] { "2007_007763", "2008_001009", "2008_001322", "2008_002079" })
        {
            string path = RepositoryPaths.Shared($"data/dlib-faces/{name}.jpg");
            var image = ImageCodec.Load(path);
            Assert.Equal(PixelFormat.Rgb24, image.Format);
            Assert.Equal(ImageHeader.ReadSize(path), image.Size);
            Assert.Equal(image.Size, ImageCodec.ReadSize(path));
        }
    }

    [TurboJpegFact("data/dlib-faces/2007_007763.jpg", "data/dlib-faces/2008_001009.jpg")]
    public void Pixels_agree_with_an_independent_decoder()
    {
        // Values from ffmpeg's own JPEG decoder (not libjpeg; its IDCT and upsampling may differ by a level or two).
        (string Name, int X, int Y, byte R, byte G, byte B)[] reference =
        [
            ("2007_007763", 0, 0, 62, 57, 53), ("2007_007763", 100, 50, 70, 70, 70), ("2007_007763", 200, 100, 16, 15, 12), ("2007_007763", 499, 300, 47, 38, 43),
            ("2008_001009", 0, 0, 9, 9, 7), ("2008_001009", 100, 50, 29, 24, 20), ("2008_001009", 200, 100, 65, 49, 34), ("2008_001009", 359, 300, 25, 25, 23),
        ];
        foreach (var group in reference.GroupBy(r => r.Name))
        {
            var image = ImageCodec.Load(RepositoryPaths.Shared($"data/dlib-faces/{group.Key}.jpg"));
            foreach (var r in group)
            {
                int i = ((r.Y * image.Width) + r.X) * 3;
                Assert.InRange(image.Pixels[i], r.R - 3, r.R + 3);
                Assert.InRange(image.Pixels[i + 1], r.G - 3, r.G + 3);
                Assert.InRange(image.Pixels[i + 2], r.B - 3, r.B + 3);
            }
        }
    }

    [TurboJpegFact("data/dlib-faces/2007_007763.jpg")]
    public void Honours_every_EXIF_orientation()
    {
        string path = RepositoryPaths.Shared(Photo);
        byte[] jpeg = File.ReadAllBytes(path);
        var stored = ImageCodec.Load(path, applyOrientation: false);
        string dir = Directory.CreateTempSubdirectory("facebench-exif").FullName;
        foreach (var orientation in Enum.GetValues<ExifOrientation>())
        {
            foreach (bool bigEndian in new[] { false, true })
            {
                byte[] tagged = WithExifOrientation(jpeg, (int)orientation, bigEndian);
                Assert.Equal(orientation, ExifOrientationReader.Read(tagged));
                string copy = Path.Combine(dir, $"o{(int)orientation}{(bigEndian ? "m" : "i")}.jpg");
                File.WriteAllBytes(copy, tagged);
                var upright = ImageCodec.Load(copy);
                Assert.Equal(ImageTransforms.Orient(stored, orientation).Pixels, upright.Pixels);
                Assert.Equal(upright.Size, ImageCodec.ReadSize(copy));
                Assert.Equal(stored.Pixels, ImageCodec.Load(copy, applyOrientation: false).Pixels);
            }
        }

        // Spot-check the geometry: after "rotate 90° clockwise" the stored bottom-left pixel is at the top-left.
        var rotated = ImageTransforms.Orient(stored, ExifOrientation.Rotate90);
        Assert.Equal((stored.Height, stored.Width), (rotated.Width, rotated.Height));
        Assert.Equal(stored.Pixels.AsSpan((stored.Height - 1) * stored.Stride, 3).ToArray(), rotated.Pixels.AsSpan(0, 3).ToArray());
    }

    [TurboJpegFact("data/dlib-faces/2007_007763.jpg")]
    public void Truncated_or_corrupt_JPEGs_are_input_errors_naming_the_file()
    {
        byte[] jpeg = File.ReadAllBytes(RepositoryPaths.Shared(Photo));
        foreach (int length in new[] { 3, 100, 600, jpeg.Length / 2, jpeg.Length - 2 })
        {
            var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(jpeg.AsSpan(0, length), "cut.jpg"));
            Assert.StartsWith("cut.jpg: ", e.Message);
        }

        byte[] zeroWidth = (byte[])jpeg.Clone();
        int sof = FindMarker(zeroWidth, 0xC0);
        zeroWidth[sof + 7] = 0;
        zeroWidth[sof + 8] = 0;
        Assert.Throws<PluginInputException>(() => ImageCodec.Decode(zeroWidth, "zero.jpg"));

        byte[] garbage = (byte[])jpeg.Clone();
        new Random(1).NextBytes(garbage.AsSpan(garbage.Length / 3, 2000));
        Assert.Throws<PluginInputException>(() => ImageCodec.Decode(garbage, "garbage.jpg"));
    }

    [Fact]
    public void The_missing_library_error_names_the_package()
    {
        var e = new MissingNativeLibraryException("libturbojpeg.so.0", "libturbojpeg0", "JPEG decoding", "x.jpg");
        Assert.Contains("apt-get install libturbojpeg0", e.Message);
        Assert.StartsWith("x.jpg: ", e.Message);
        Assert.IsAssignableFrom<PluginInputException>(e);
    }

    [Fact]
    public void Malformed_EXIF_reads_as_upright()
    {
        Assert.Equal(ExifOrientation.Normal, ExifOrientationReader.Read([0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0]));
        Assert.Equal(ExifOrientation.Normal, ExifOrientationReader.Read([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]));
        Assert.Equal(ExifOrientation.Normal, ExifOrientationReader.Read([]));
    }

    /// <summary>Inserts an APP1 Exif segment holding only IFD0 with the Orientation tag right after SOI.</summary>
    internal static byte[] WithExifOrientation(byte[] jpeg, int orientation, bool bigEndian)
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange(bigEndian ? [(byte)(v >> 8), (byte)v] : [(byte)v, (byte)(v >> 8)]);
        void U32(int v) => tiff.AddRange(bigEndian ? [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v] : [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]);
        tiff.AddRange(bigEndian ? "MM"u8.ToArray() : "II"u8.ToArray());
        U16(42);
        U32(8);          // IFD0 right after the header
        U16(2);          // two entries: an unrelated tag first, then Orientation
        U16(0x010F); U16(2); U32(4); U32(0x00414141); // Make = "AAA"
        U16(0x0112); U16(3); U32(1); U16(orientation); U16(0);
        U32(0);          // no next IFD
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int length = payload.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    private static int FindMarker(byte[] jpeg, byte marker)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException("marker not found");
    }
}
