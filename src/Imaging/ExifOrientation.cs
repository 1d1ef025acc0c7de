using System.Buffers.Binary;

namespace Facebench.Imaging;

/// <summary>
/// The EXIF/TIFF Orientation tag (0x0112): how the stored pixels must be turned to show the picture upright.
/// Names say what to do to the stored image; values are the tag's.
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

/// <summary>
/// Finds the orientation tag in a JPEG's APP1 "Exif" segment (JEITA CP-3451: a TIFF header, then IFD0).
/// Anything malformed or absent reads as <see cref="ExifOrientation.Normal"/>: orientation is a display hint,
/// and a broken EXIF block must not make a decodable photo fail.
/// </summary>
public static class ExifOrientationReader
{
    /// <summary>Reads the orientation from the start of a JPEG file (its marker segments up to the scan).</summary>
    public static ExifOrientation Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return ExifOrientation.Normal;
        }

        int pos = 2;
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF)
            {
                return ExifOrientation.Normal; // not at a marker: stop rather than guess
            }

            byte marker = jpeg[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                return ExifOrientation.Normal; // start of scan or end of image: no EXIF before the pixels
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(pos + 2)..]);
            if (length < 2 || pos + 2 + length > jpeg.Length)
            {
                return ExifOrientation.Normal;
            }

            var segment = jpeg.Slice(pos + 4, length - 2);
            if (marker == 0xE1 && segment.StartsWith("Exif\0\0"u8))
            {
                return ReadTiff(segment[6..]);
            }

            pos += 2 + length;
        }

        return ExifOrientation.Normal;
    }

    /// <summary>Reads tag 0x0112 from IFD0 of a TIFF block.</summary>
    private static ExifOrientation ReadTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return ExifOrientation.Normal;
        }

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return ExifOrientation.Normal;
        }

        if (U16(tiff[2..], little) != 42)
        {
            return ExifOrientation.Normal;
        }

        uint ifd = U32(tiff[4..], little);
        if (ifd > (uint)(tiff.Length - 2))
        {
            return ExifOrientation.Normal;
        }

        int count = U16(tiff[(int)ifd..], little);
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + (12 * i);
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            if (U16(tiff[entry..], little) == 0x0112)
            {
                // Type 3 (SHORT), count 1: the value sits in the first two bytes of the value field.
                int type = U16(tiff[(entry + 2)..], little);
                int value = type == 3 ? U16(tiff[(entry + 8)..], little) : 0;
                return value is >= 1 and <= 8 ? (ExifOrientation)value : ExifOrientation.Normal;
            }
        }

        return ExifOrientation.Normal;
    }

    private static int U16(ReadOnlySpan<byte> b, bool little) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
