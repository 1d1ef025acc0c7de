namespace Facebench.Imaging;

/// <summary>
/// Where a PNG's scanlines lie in its decompressed data: one pass for plain images, the seven Adam7 passes for
/// interlaced ones (PNG spec §8.2). Each pass row is a filter-type byte followed by the packed samples.
/// </summary>
internal readonly record struct PngPass(int XStart, int YStart, int XStep, int YStep, int Width, int Height, int RowBytes)
{
    /// <summary>Bytes the pass takes in the decompressed stream (rows with their filter bytes); 0 for an empty pass.</summary>
    public long Bytes => Width == 0 || Height == 0 ? 0 : (long)Height * (RowBytes + 1);
}

/// <summary>Pass geometry of an image.</summary>
internal static class PngLayout
{
    // Adam7 starting offsets and steps, in the spec's pass order.
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>The passes of an image of the given size and pixel layout.</summary>
    public static PngPass[] Passes(int width, int height, int bitsPerPixel, bool interlaced)
    {
        if (!interlaced)
        {
            return [new PngPass(0, 0, 1, 1, width, height, RowBytes(width, bitsPerPixel))];
        }

        var passes = new PngPass[7];
        for (int i = 0; i < 7; i++)
        {
            var (x0, y0, dx, dy) = Adam7[i];
            int w = width > x0 ? ((width - x0 + dx - 1) / dx) : 0;
            int h = height > y0 ? ((height - y0 + dy - 1) / dy) : 0;
            passes[i] = new PngPass(x0, y0, dx, dy, w, h, RowBytes(w, bitsPerPixel));
        }

        return passes;
    }

    /// <summary>Packed bytes of a row of <paramref name="width"/> pixels (rounded up to whole bytes).</summary>
    public static int RowBytes(int width, int bitsPerPixel) => (int)((((long)width * bitsPerPixel) + 7) / 8);
}
