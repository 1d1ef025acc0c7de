using System.Buffers.Binary;
using Facebench.Contracts;

namespace Facebench.Imaging;

/// <summary>
/// Reads an image's pixel size from its header without decoding it: PNG (the IHDR chunk, PNG spec §11.2.2)
/// and JPEG (the first SOFn marker segment, ITU T.81 §B.2.2). Reads at most a few kilobytes for PNG, and
/// walks marker segments for JPEG.
/// </summary>
public static class ImageHeader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the size of a PNG or JPEG file.</summary>
    /// <exception cref="PluginInputException">Missing file, unknown format, or a header cut short.</exception>
    public static ImageSize ReadSize(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("image file not found.", path);
        }

        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[24];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 24 && head[..8].SequenceEqual(PngSignature))
        {
            if (!head.Slice(12, 4).SequenceEqual("IHDR"u8))
            {
                throw new PluginInputException("PNG without an IHDR chunk first; the file is corrupt.", path);
            }

            return Checked(BinaryPrimitives.ReadInt32BigEndian(head.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(head.Slice(20, 4)), path);
        }

        if (read >= 2 && head[0] == 0xFF && head[1] == 0xD8)
        {
            stream.Position = 2;
            return ReadJpegSize(stream, path);
        }

        throw new PluginInputException(read == 0 ? "the image file is empty." : "not a PNG or JPEG file (unknown signature).", path);
    }

    private static ImageSize ReadJpegSize(Stream stream, string path)
    {
        Span<byte> segment = stackalloc byte[7];
        Span<byte> lengthBytes = stackalloc byte[2];
        while (true)
        {
            int marker = NextMarker(stream, path);
            if (marker is 0xD8 or 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            {
                continue; // markers without a length
            }

            if (marker == 0xD9 || marker == 0xDA)
            {
                throw new PluginInputException("JPEG has no frame header (SOF) before its scan data; the file is corrupt.", path);
            }

            ReadExactly(stream, lengthBytes, path);
            int length = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes);
            if (length < 2)
            {
                throw new PluginInputException($"JPEG segment 0xFF{marker:X2} has an impossible length {length}.", path);
            }

            bool isFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
            {
                ReadExactly(stream, segment[..5], path);
                int height = BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(1, 2));
                int width = BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(3, 2));
                return Checked(width, height, path);
            }

            stream.Seek(length - 2, SeekOrigin.Current);
            if (stream.Position > stream.Length)
            {
                throw new PluginInputException("JPEG ends inside a marker segment; the file is truncated.", path);
            }
        }
    }

    private static int NextMarker(Stream stream, string path)
    {
        int b = stream.ReadByte();
        while (b != -1 && b != 0xFF)
        {
            b = stream.ReadByte(); // tolerate padding between segments
        }

        while (b == 0xFF)
        {
            b = stream.ReadByte();
        }

        return b == -1 ? throw new PluginInputException("JPEG ends before its frame header; the file is truncated.", path) : b;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new PluginInputException("the image header is truncated.", path);
        }
    }

    private static ImageSize Checked(int width, int height, string path) =>
        width > 0 && height > 0 ? new ImageSize(width, height) : throw new PluginInputException($"the image header gives a size of {width}x{height}.", path);
}
