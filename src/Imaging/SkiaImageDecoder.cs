using System.Buffers;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using SkiaSharp;

namespace Facebench.Imaging;

/// <summary>
/// Decodes PNG, JPEG, WebP and BMP files through Skia's codecs (SkiaSharp's <see cref="SKCodec"/>: libpng,
/// libjpeg-turbo, libwebp and Skia's BMP reader, all inside the SkiaSharp native library) into 8-bit buffers:
/// <list type="bullet">
/// <item>No colour management: the destination has no colour space, so Skia applies no ICC profile or gamma and the
/// samples are the file's own (what dlib and OpenCV see).</item>
/// <item>Alpha is dropped, not composited: pixels are decoded unpremultiplied and the alpha byte discarded.</item>
/// <item>Grayscale files (gray PNGs with or without alpha or tRNS, one-component JPEGs) decode to Gray8, the rest
/// to Rgb24.</item>
/// <item>Every result but <see cref="SKCodecResult.Success"/> is an error naming the file: Skia returns
/// <see cref="SKCodecResult.IncompleteInput"/> for a cut-short file after filling the missing rows, and that
/// half-filled image must never reach a measurement.</item>
/// </list>
/// </summary>
internal static class SkiaImageDecoder
{
    /// <summary>Largest pixel count decoded (256 Mpx), a bound for forged headers.</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>Reads the header of an encoded image held in a stream (the stream is read only as far as needed).</summary>
    /// <exception cref="PluginInputException">Empty, unknown, unsupported or cut-short header.</exception>
    public static ImageHeaderInfo ReadHeader(Stream stream, string? origin)
    {
        Span<byte> head = stackalloc byte[12];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        using SKCodec codec = Open(SKCodec.Create(stream, out SKCodecResult result), result, head[..read], origin);
        return Describe(codec, origin);
    }

    /// <summary>Decodes a whole encoded image held in memory.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="origin">Names the data in error messages.</param>
    /// <param name="applyOrientation">Turn the pixels upright as the EXIF orientation says.</param>
    /// <exception cref="PluginInputException">Unknown, unsupported, truncated or corrupt data.</exception>
    public static unsafe ImageBuffer Decode(ReadOnlySpan<byte> data, string? origin, bool applyOrientation)
    {
        using SKData encoded = SKData.CreateCopy(data);
        using SKCodec codec = Open(SKCodec.Create(new SKMemoryStream(encoded), out SKCodecResult opened), opened, data, origin);
        ImageHeaderInfo header = Describe(codec, origin);
        int width = header.Size.Width, height = header.Size.Height;
        EncodedFileChecks.CheckPlausibleSize(header.Format, data, width, height, origin);
        EncodedFileChecks.CheckComplete(header.Format, data, origin);
        bool gray = IsGrayscale(codec, header.Format, data);

        ImageBuffer image;
        if (gray && codec.Info.ColorType == SKColorType.Gray8)
        {
            // Opaque gray sources decode straight into the result.
            byte[] pixels = new byte[(long)width * height];
            fixed (byte* p = pixels)
            {
                Check(codec.GetPixels(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), (IntPtr)p, width, SKCodecOptions.Default), origin);
            }

            image = new ImageBuffer(width, height, PixelFormat.Gray8, pixels);
        }
        else
        {
            image = DecodeViaRgba(codec, width, height, gray ? PixelFormat.Gray8 : PixelFormat.Rgb24, origin);
        }

        return applyOrientation ? ImageTransforms.Orient(image, header.Orientation) : image;
    }

    /// <summary>Decodes to unpremultiplied RGBA rows, then keeps R (gray) or R, G, B.</summary>
    private static unsafe ImageBuffer DecodeViaRgba(SKCodec codec, int width, int height, PixelFormat format, string? origin)
    {
        long rgbaBytes = (long)width * height * 4;
        byte[] rgba = ArrayPool<byte>.Shared.Rent(checked((int)rgbaBytes));
        try
        {
            fixed (byte* p = rgba)
            {
                var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
                Check(codec.GetPixels(info, (IntPtr)p, width * 4, SKCodecOptions.Default), origin);
            }

            int n = width * height;
            byte[] pixels = new byte[(long)n * (int)format];
            if (format == PixelFormat.Gray8)
            {
                for (int i = 0; i < n; i++)
                {
                    pixels[i] = rgba[4 * i]; // gray sources are decoded with R = G = B
                }
            }
            else
            {
                for (int i = 0, d = 0; i < n; i++, d += 3)
                {
                    int s = 4 * i;
                    pixels[d] = rgba[s];
                    pixels[d + 1] = rgba[s + 1];
                    pixels[d + 2] = rgba[s + 2];
                }
            }

            return new ImageBuffer(width, height, format, pixels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>Turns a failed <see cref="SKCodec.Create(SKData)"/> into the user-facing reason.</summary>
    private static SKCodec Open(SKCodec? codec, SKCodecResult result, ReadOnlySpan<byte> head, string? origin)
    {
        if (codec is not null)
        {
            return codec;
        }

        // Skia also answers IncompleteInput for data too short to tell its format: only a known signature makes it a
        // truncated image rather than a foreign file.
        throw !HasKnownSignature(head) ? new PluginInputException("not a PNG, JPEG, WebP or BMP file (unknown signature).", origin)
            : result == SKCodecResult.IncompleteInput ? new PluginInputException("the image header ends early or is damaged; the file is truncated or corrupt.", origin)
            : new PluginInputException($"the image header is corrupt (Skia: {result}).", origin);
    }

    /// <summary>PNG, JPEG (SOI + a marker), RIFF/WebP or BMP signature at the start of the data (a prefix of one counts).</summary>
    private static bool HasKnownSignature(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        ReadOnlySpan<byte> jpeg = [0xFF, 0xD8, 0xFF];
        return StartsWithPrefixOf(head, png) || StartsWithPrefixOf(head, jpeg) || StartsWithPrefixOf(head, "BM"u8)
            || (StartsWithPrefixOf(head, "RIFF"u8) && (head.Length < 12 || head.Slice(8, 4).SequenceEqual("WEBP"u8)));

        static bool StartsWithPrefixOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
            data.Length >= signature.Length ? data.StartsWith(signature) : signature.StartsWith(data);
    }

    private static ImageHeaderInfo Describe(SKCodec codec, string? origin)
    {
        SKEncodedImageFormat format = codec.EncodedFormat;
        if (format is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp or SKEncodedImageFormat.Bmp))
        {
            throw new PluginInputException($"{format} images are not read here; convert the file to PNG, JPEG, WebP or BMP.", origin);
        }

        SKImageInfo info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new PluginInputException($"the image's size is {info.Width}x{info.Height}; an image must have at least one pixel.", origin);
        }

        if ((long)info.Width * info.Height > MaxPixels)
        {
            throw new PluginInputException($"the image's size {info.Width}x{info.Height} is beyond what is decoded here ({MaxPixels} pixels).", origin);
        }

        // SKEncodedOrigin's values are the EXIF Orientation tag's (1..8).
        var orientation = codec.EncodedOrigin is >= SKEncodedOrigin.TopLeft and <= SKEncodedOrigin.LeftBottom
            ? (ExifOrientation)(int)codec.EncodedOrigin
            : ExifOrientation.Normal;
        return new ImageHeaderInfo(format, new ImageSize(info.Width, info.Height), orientation);
    }

    /// <summary>
    /// True for gray sources: Skia reports opaque gray as <see cref="SKColorType.Gray8"/>, but gray with alpha or a
    /// tRNS key as RGBA, so for PNG the IHDR colour type (byte 25: 0 gray, 4 gray + alpha) decides.
    /// </summary>
    private static bool IsGrayscale(SKCodec codec, SKEncodedImageFormat format, ReadOnlySpan<byte> data) =>
        format == SKEncodedImageFormat.Png && data.Length > 25 ? data[25] is 0 or 4 : codec.Info.ColorType == SKColorType.Gray8;

    private static void Check(SKCodecResult result, string? origin)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                // The structure checks passed, so the file reached its end marker: the data inside may be damaged.
                throw new PluginInputException("the image data ends early; the file is truncated or its compressed data is corrupt.", origin);
            case SKCodecResult.ErrorInInput:
                throw new PluginInputException("the image data is corrupt.", origin);
            default:
                throw new PluginInputException($"the image cannot be decoded (Skia: {result}).", origin);
        }
    }
}
