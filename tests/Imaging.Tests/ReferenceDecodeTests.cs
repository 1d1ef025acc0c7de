using System.Security.Cryptography;
using Facebench.Contracts.Imaging;
using Facebench.Testing;

namespace Facebench.Imaging.Tests;

/// <summary>
/// The shared photos decode to exactly the pixels the project's previous decoders gave, on which the Haar detector
/// (box for box against OpenCV) and the dlib landmarks (to 1e-3 px against dlib) were validated.
/// </summary>
public sealed class ReferenceDecodeTests
{
    /// <summary>
    /// SHA-256 of the decoded pixel bytes (row-major RGB, no header). Computed before the move to SkiaSharp by the
    /// previous decoders: the libturbojpeg 2.1.5 binding (tjDecompress2 with TJFLAG_ACCURATEDCT, i.e. libjpeg's
    /// JDCT_ISLOW and fancy upsampling) for the JPEGs and the managed PNG decoder for the PNG, at commit e83a618.
    /// Debian's <c>djpeg -dct int -ppm</c> (libjpeg-turbo 2.1.5) gives the same pixels for the four JPEGs.
    /// </summary>
    public static TheoryData<string, int, int, string> Images() => new()
    {
        { "data/dlib-faces/2007_007763.jpg", 500, 375, "B16B1BA918182A864E9B9DBD408B748570A5C73097AEC7E7C8EBB443C9C53316" },
        { "data/dlib-faces/2008_001009.jpg", 360, 480, "C49DEBD0174EBFF6741D12FF018712BE64F4D3FE82B9AD1ACCF5FCEB9D29DB4A" },
        { "data/dlib-faces/2008_001322.jpg", 500, 375, "5E7E4E75BC00F746536F937D3AF986B22DAF73CBA5A3F603482140CD76C5C774" },
        { "data/dlib-faces/2008_002079.jpg", 500, 375, "7632FC6E025C59BB59C1DE2BE2050BDE6B0DA9AFAC188BBFF5899AD1150B6D03" },
        { "data/lfpw-sample/image_0010.png", 1280, 1024, "BBE08917B8D99D14392DFF1CE8D9C5E71CB669B162A30551DED2CF53212E9B47" },
    };

    [SharedDataTheory("data/dlib-faces/2007_007763.jpg", "data/lfpw-sample/image_0010.png")]
    [MemberData(nameof(Images))]
    public void Shared_photos_decode_to_the_previous_decoders_pixels(string file, int width, int height, string sha256)
    {
        string path = RepositoryPaths.Shared(file);
        var image = ImageCodec.Load(path);
        Assert.Equal((width, height, PixelFormat.Rgb24), (image.Width, image.Height, image.Format));
        Assert.Equal(sha256, Convert.ToHexString(SHA256.HashData(image.Pixels)));
        Assert.Equal(image.Size, ImageCodec.ReadSize(path));
        Assert.Equal(image.Size, ImageHeader.ReadSize(path));
    }
}
