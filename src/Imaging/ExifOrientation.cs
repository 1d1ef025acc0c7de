namespace Facebench.Imaging;

/// <summary>
/// The EXIF/TIFF Orientation tag (0x0112): how the stored pixels must be turned to show the picture upright.
/// Names say what to do to the stored image; values are the tag's, which are also SkiaSharp's <c>SKEncodedOrigin</c>
/// values (Skia reads the tag from the EXIF block of a JPEG's APP1 segment).
/// </summary>
public enum ExifOrientation
{
    /// <summary>1: stored upright.</summary>
    Normal = 1,

    /// <summary>2: mirror left-right.</summary>
    FlipHorizontal = 2,

    /// <summary>3: rotate 180°.</summary>
    Rotate180 = 3,

    /// <summary>4: mirror top-bottom.</summary>
    FlipVertical = 4,

    /// <summary>5: mirror across the main diagonal (swap x and y).</summary>
    Transpose = 5,

    /// <summary>6: rotate 90° clockwise.</summary>
    Rotate90 = 6,

    /// <summary>7: mirror across the anti-diagonal.</summary>
    Transverse = 7,

    /// <summary>8: rotate 90° anticlockwise (270° clockwise).</summary>
    Rotate270 = 8,
}

/// <summary>Facts about <see cref="ExifOrientation"/> values.</summary>
public static class ExifOrientationExtensions
{
    /// <summary>True when showing the image upright swaps its width and height (values 5 to 8).</summary>
    public static bool SwapsAxes(this ExifOrientation orientation) => orientation >= ExifOrientation.Transpose;
}
