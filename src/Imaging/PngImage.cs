using Facebench.Contracts.Imaging;

namespace Facebench.Imaging;

/// <summary>
/// A PNG's pixels at their own colour type and bit depth, for lossless round-trips (16-bit, alpha, palettes) that
/// an 8-bit <see cref="ImageBuffer"/> cannot hold. Samples are row-major, channel-interleaved, one
/// <see cref="ushort"/> per sample whatever the bit depth (values 0..2^depth-1; palette indices for
/// <see cref="PngColorType.Indexed"/>).
/// </summary>
public sealed class PngImage
{
    /// <summary>Wraps samples.</summary>
    /// <param name="width">Width in pixels, positive.</param>
    /// <param name="height">Height in pixels, positive.</param>
    /// <param name="colorType">Colour type.</param>
    /// <param name="bitDepth">Bits per sample, allowed for the colour type.</param>
    /// <param name="samples">width × height × channels samples, each below 2^bitDepth.</param>
    /// <param name="palette">RGB triples (1..256 entries) for indexed images; null otherwise.</param>
    /// <exception cref="ArgumentException">Inconsistent size, depth, samples or palette.</exception>
    public PngImage(int width, int height, PngColorType colorType, int bitDepth, ushort[] samples, byte[]? palette = null)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"image size must be positive, not {width}x{height}.");
        }

        if (!colorType.AllowsBitDepth(bitDepth))
        {
            throw new ArgumentException($"PNG colour type {colorType} does not allow bit depth {bitDepth}.");
        }

        long expected = (long)width * height * colorType.Channels();
        if (samples.LongLength != expected)
        {
            throw new ArgumentException($"a {width}x{height} {colorType} image has {expected} samples, not {samples.LongLength}.");
        }

        if (colorType == PngColorType.Indexed)
        {
            if (palette is null || palette.Length == 0 || palette.Length % 3 != 0 || palette.Length > 768)
            {
                throw new ArgumentException("an indexed image needs a palette of 1 to 256 RGB triples.");
            }
        }
        else if (palette is not null)
        {
            throw new ArgumentException("only indexed images carry a palette here.");
        }

        int limit = colorType == PngColorType.Indexed ? palette!.Length / 3 : 1 << bitDepth;
        foreach (ushort s in samples)
        {
            if (s >= limit)
            {
                throw new ArgumentException($"sample {s} is out of range for {colorType} at {bitDepth} bits (limit {limit}).");
            }
        }

        Width = width;
        Height = height;
        ColorType = colorType;
        BitDepth = bitDepth;
        Samples = samples;
        Palette = palette;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Colour type.</summary>
    public PngColorType ColorType { get; }

    /// <summary>Bits per sample.</summary>
    public int BitDepth { get; }

    /// <summary>Samples per pixel.</summary>
    public int Channels => ColorType.Channels();

    /// <summary>The samples, row-major and channel-interleaved.</summary>
    public ushort[] Samples { get; }

    /// <summary>RGB triples of an indexed image; null otherwise.</summary>
    public byte[]? Palette { get; }

    /// <summary>
    /// Converts to 8 bits: gray (with or without alpha) to Gray8, the others to Rgb24. Alpha is dropped, not
    /// composited (the landmark and detection code wants the photo's own values); palettes are expanded;
    /// depths below 8 are scaled to 0..255 exactly and 16-bit samples rounded (v × 255 / 65535).
    /// </summary>
    public ImageBuffer ToImageBuffer()
    {
        bool gray = ColorType is PngColorType.Gray or PngColorType.GrayAlpha;
        int n = Width * Height;
        int outChannels = gray ? 1 : 3;
        byte[] pixels = new byte[n * outChannels];
        int channels = Channels;
        if (ColorType == PngColorType.Indexed)
        {
            byte[] palette = Palette!;
            for (int i = 0; i < n; i++)
            {
                int p = Samples[i] * 3;
                pixels[3 * i] = palette[p];
                pixels[(3 * i) + 1] = palette[p + 1];
                pixels[(3 * i) + 2] = palette[p + 2];
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < outChannels; c++)
                {
                    pixels[(i * outChannels) + c] = To8Bit(Samples[(i * channels) + c], BitDepth);
                }
            }
        }

        return new ImageBuffer(Width, Height, gray ? PixelFormat.Gray8 : PixelFormat.Rgb24, pixels);
    }

    /// <summary>Wraps an 8-bit image as PNG samples: Gray8 as colour type 0, Rgb24 as colour type 2, 8 bits.</summary>
    public static PngImage FromImageBuffer(ImageBuffer image)
    {
        ushort[] samples = new ushort[image.Pixels.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = image.Pixels[i];
        }

        return new PngImage(image.Width, image.Height, image.Format == PixelFormat.Gray8 ? PngColorType.Gray : PngColorType.Rgb, 8, samples);
    }

    /// <summary>Scales a sample of the given depth to 0..255.</summary>
    internal static byte To8Bit(int value, int bitDepth) => bitDepth switch
    {
        8 => (byte)value,
        16 => (byte)(((value * 255) + 32767) / 65535),
        _ => (byte)(value * 255 / ((1 << bitDepth) - 1)),
    };
}
