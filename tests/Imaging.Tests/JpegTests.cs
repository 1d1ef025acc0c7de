using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Testing;
using SkiaSharp;

namespace Facebench.Imaging.Tests;

/// <summary>
/// JPEG decoding through SkiaSharp on the shared dlib photos and on JPEGs made from them: EXIF orientation,
/// progressive and grayscale files, and truncated or damaged data.
/// </summary>
public sealed class JpegTests
{
    private const string Photo = "data/dlib-faces/2007_007763.jpg";

    /// <summary>jpegtran from Debian's libjpeg-turbo-progs (build/assets/images.txt).</summary>
    private const string Jpegtran = "program:jpegtran|libjpeg-turbo-progs";

    [SharedDataFact(Photo)]
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
                string copy = Path.Combine(dir, $"o{(int)orientation}{(bigEndian ? "m" : "i")}.jpg");
                File.WriteAllBytes(copy, WithExifOrientation(jpeg, (int)orientation, bigEndian));
                Assert.Equal(orientation, ImageHeader.Read(copy).Orientation);
                var upright = ImageCodec.Load(copy);
                Assert.Equal(ImageTransforms.Orient(stored, orientation).Pixels, upright.Pixels);
                Assert.Equal(upright.Size, ImageCodec.ReadSize(copy));
                Assert.Equal(stored.Size, ImageHeader.ReadSize(copy));
                Assert.Equal(stored.Pixels, ImageCodec.Load(copy, applyOrientation: false).Pixels);
            }
        }

        // The geometry once more, on pixels: after "rotate 90° clockwise" the stored bottom-left pixel is at the top-left.
        var rotated = ImageCodec.Load(Path.Combine(dir, "o6i.jpg"));
        Assert.Equal((stored.Height, stored.Width), (rotated.Width, rotated.Height));
        Assert.Equal(stored.Pixels.AsSpan((stored.Height - 1) * stored.Stride, 3).ToArray(), rotated.Pixels.AsSpan(0, 3).ToArray());
    }

    [AssetFact(Jpegtran, Photo, "data/dlib-faces/2008_001009.jpg")]
    public void Progressive_copies_decode_to_the_same_pixels()
    {
        // jpegtran -progressive rewrites the same quantised coefficients as a sequence of spectral-selection and
        // successive-approximation scans: a correct progressive decoder gives the baseline's pixels exactly.
        string dir = Directory.CreateTempSubdirectory("facebench-progressive").FullName;
        foreach (string name in new[] { Photo, "data/dlib-faces/2008_001009.jpg" })
        {
            string source = RepositoryPaths.Shared(name);
            string progressive = Path.Combine(dir, Path.GetFileName(source));
            Tools.Run("jpegtran", "-progressive", "-outfile", progressive, source);
            Assert.Contains((byte)0xC2, SofMarkers(File.ReadAllBytes(progressive)));
            Assert.Equal(ImageCodec.Load(source).Pixels, ImageCodec.Load(progressive).Pixels);

            // Cut between two scans, the file still decodes to a whole (blurred) image in Skia: it must be refused.
            byte[] data = File.ReadAllBytes(progressive);
            foreach (int length in new[] { data.Length / 4, data.Length / 2, data.Length - 2 })
            {
                var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(data.AsSpan(0, length), "cut.jpg"));
                Assert.StartsWith("cut.jpg: the JPEG ends inside", e.Message);
                Assert.EndsWith("the file is truncated.", e.Message);
            }
        }
    }

    [SharedDataFact(Photo)]
    public void One_component_JPEGs_decode_to_gray()
    {
        var gray = Grayscale.Convert(ImageCodec.Load(RepositoryPaths.Shared(Photo)));
        using var source = SKImage.FromPixelCopy(new SKImageInfo(gray.Width, gray.Height, SKColorType.Gray8, SKAlphaType.Opaque), gray.Pixels);
        using SKData encoded = source.Encode(SKEncodedImageFormat.Jpeg, 95);
        byte[] jpeg = encoded.ToArray();
        Assert.Equal(1, jpeg[JpegTests.FindMarker(jpeg, 0xC0) + 9]); // SOF0: one component

        var decoded = ImageCodec.Decode(jpeg, "gray.jpg");
        Assert.Equal((PixelFormat.Gray8, gray.Size), (decoded.Format, decoded.Size));
        // Lossy, so close rather than equal: mean absolute error of a quality-95 JPEG is well under 2 levels.
        double mae = gray.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(mae, 0.01, 2);
    }

    [SharedDataFact(Photo)]
    public void Truncated_JPEGs_are_errors_naming_the_file()
    {
        byte[] jpeg = File.ReadAllBytes(RepositoryPaths.Shared(Photo));
        foreach (int length in new[] { 3, 100, 600, jpeg.Length / 2, jpeg.Length - 100, jpeg.Length - 2, jpeg.Length - 1 })
        {
            var e = Assert.Throws<PluginInputException>(() => ImageCodec.Decode(jpeg.AsSpan(0, length), "cut.jpg"));
            Assert.StartsWith("cut.jpg: ", e.Message);
            Assert.Contains("truncated", e.Message);
        }

        string path = Path.Combine(Directory.CreateTempSubdirectory("facebench-cut").FullName, "half.jpg");
        File.WriteAllBytes(path, jpeg[..(jpeg.Length / 2)]);
        Assert.StartsWith($"{path}: ", Assert.Throws<PluginInputException>(() => ImageCodec.Load(path)).Message);
        Assert.Equal(new ImageSize(500, 375), ImageHeader.ReadSize(path)); // the header alone is intact
        File.WriteAllBytes(path, jpeg[..40]);
        Assert.Contains("truncated", Assert.Throws<PluginInputException>(() => ImageHeader.ReadSize(path)).Message);
    }

    [SharedDataFact(Photo)]
    public void Damaged_JPEG_structure_is_an_error_naming_the_file()
    {
        byte[] jpeg = File.ReadAllBytes(RepositoryPaths.Shared(Photo));
        int sof = FindMarker(jpeg, 0xC0);
        byte[] zeroWidth = (byte[])jpeg.Clone();
        zeroWidth[sof + 7] = 0;
        zeroWidth[sof + 8] = 0;
        Assert.StartsWith("zero.jpg: ", Assert.Throws<PluginInputException>(() => ImageCodec.Decode(zeroWidth, "zero.jpg")).Message);

        // A marker in the middle of the compressed data (as when a block of another file overwrote it).
        byte[] stray = (byte[])jpeg.Clone();
        int sos = FindMarker(jpeg, 0xDA);
        stray[sos + 4000] = 0xFF;
        stray[sos + 4001] = 0xC4;
        Assert.StartsWith("stray.jpg: ", Assert.Throws<PluginInputException>(() => ImageCodec.Decode(stray, "stray.jpg")).Message);

        // Trailing bytes after EOI are not part of the image (cameras append data there) and are accepted.
        byte[] trailing = [.. jpeg, .. "trailer"u8.ToArray()];
        Assert.Equal(ImageCodec.Decode(jpeg).Pixels, ImageCodec.Decode(trailing).Pixels);
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

    internal static int FindMarker(byte[] jpeg, byte marker)
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

    private static IEnumerable<byte> SofMarkers(byte[] jpeg)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is >= 0xC0 and <= 0xC2)
            {
                yield return jpeg[i + 1];
            }
        }
    }
}
