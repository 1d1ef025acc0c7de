namespace Facebench.Detection;

/// <summary>
/// Bilinear resize of 8-bit gray images that reproduces OpenCV's <c>INTER_LINEAR_EXACT</c> bit for bit (what
/// <c>CascadeClassifier</c> uses to build its image pyramid):
/// <list type="bullet">
/// <item>source coordinate of destination pixel d: <c>f = (d + 0.5) · src/dst − 0.5</c> in double precision, with
/// the ratio formed as <c>1 / (dst / src)</c> as OpenCV does;</item>
/// <item>weights in 8.8 fixed point: <c>w1 = round_half_even((f − ⌊f⌋) · 256)</c>, <c>w0 = 256 − w1</c>;</item>
/// <item>horizontal pass exact in 16 bits (<c>w0·p0 + w1·p1</c>), vertical pass in 32 bits, then
/// <c>(v + 2¹⁵) &gt;&gt; 16</c>;</item>
/// <item>coordinates before the first pixel centre or past the last one take the edge pixel (rows that need no
/// vertical blend round the horizontal value with <c>(h + 128) &gt;&gt; 8</c>).</item>
/// </list>
/// An instance keeps its coefficient and line buffers between calls, so resizing allocates nothing once warm;
/// it is not thread-safe.
/// </summary>
public sealed class LinearExactResizer
{
    private int[] _xOffset = [];
    private ushort[] _xWeight = [];
    private int _xSource = -1;
    private int _xDestination = -1;
    private ushort[] _line0 = [];
    private ushort[] _line1 = [];

    /// <summary>Resizes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">Gray pixels, row-major without padding.</param>
    /// <param name="sourceWidth">Source width.</param>
    /// <param name="sourceHeight">Source height.</param>
    /// <param name="destination">Receives <c>destinationWidth × destinationHeight</c> pixels, row-major.</param>
    /// <param name="destinationWidth">Destination width.</param>
    /// <param name="destinationHeight">Destination height.</param>
    public void Resize(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int destinationWidth, int destinationHeight)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0 || destinationWidth <= 0 || destinationHeight <= 0)
        {
            throw new ArgumentException($"sizes must be positive: {sourceWidth}x{sourceHeight} to {destinationWidth}x{destinationHeight}.");
        }

        if (source.Length < (long)sourceWidth * sourceHeight || destination.Length < (long)destinationWidth * destinationHeight)
        {
            throw new ArgumentException("a buffer is smaller than its image.");
        }

        if (sourceWidth == destinationWidth && sourceHeight == destinationHeight)
        {
            // OpenCV copies when the size does not change.
            source[..(sourceWidth * sourceHeight)].CopyTo(destination);
            return;
        }

        PrepareColumns(sourceWidth, destinationWidth);
        if (_line0.Length < destinationWidth)
        {
            _line0 = new ushort[destinationWidth];
            _line1 = new ushort[destinationWidth];
        }

        double rowScale = 1.0 / ((double)destinationHeight / sourceHeight);
        int cached0 = -1;
        int cached1 = -1;
        for (int dy = 0; dy < destinationHeight; dy++)
        {
            Span<byte> output = destination.Slice(dy * destinationWidth, destinationWidth);
            Coefficient(rowScale, dy, sourceHeight, out int sy, out int w1, out bool blend);
            if (!blend)
            {
                ushort[] only = Horizontal(source, sourceWidth, sy, ref cached0, ref cached1, destinationWidth, avoid: null);
                for (int x = 0; x < destinationWidth; x++)
                {
                    output[x] = (byte)((only[x] + 128) >> 8);
                }

                continue;
            }

            ushort[] top = Horizontal(source, sourceWidth, sy, ref cached0, ref cached1, destinationWidth, avoid: null);
            ushort[] bottom = Horizontal(source, sourceWidth, sy + 1, ref cached0, ref cached1, destinationWidth, avoid: top);
            Blend(top, bottom, (uint)(256 - w1), (uint)w1, output);
        }
    }

    /// <summary>
    /// Where destination index <paramref name="d"/> samples: the lower source index and the 8-bit weight of the
    /// upper one; <paramref name="blend"/> is false outside the blended range, where the edge pixel is used.
    /// </summary>
    internal static void Coefficient(double scale, int d, int sourceSize, out int index, out int weight1, out bool blend)
    {
        double f = (scale * (d + 0.5)) - 0.5;
        int i = (int)Math.Floor(f);
        if (i >= 0 && sourceSize > 1)
        {
            if (i < sourceSize - 1)
            {
                index = i;
                weight1 = (int)Math.Round((f - i) * 256.0, MidpointRounding.ToEven);
                blend = true;
                return;
            }

            index = sourceSize - 1;
        }
        else
        {
            index = 0;
        }

        weight1 = 0;
        blend = false;
    }

    private void PrepareColumns(int sourceWidth, int destinationWidth)
    {
        if (sourceWidth == _xSource && destinationWidth == _xDestination)
        {
            return;
        }

        if (_xOffset.Length < destinationWidth)
        {
            _xOffset = new int[destinationWidth];
            _xWeight = new ushort[destinationWidth];
        }

        double scale = 1.0 / ((double)destinationWidth / sourceWidth);
        for (int dx = 0; dx < destinationWidth; dx++)
        {
            Coefficient(scale, dx, sourceWidth, out int sx, out int w1, out bool blend);
            // An edge sample is a blend with weight 0 on a neighbour that stays inside the row.
            _xOffset[dx] = blend ? sx : Math.Max(0, Math.Min(sx, sourceWidth - 2));
            _xWeight[dx] = (ushort)(blend ? w1 : sx > 0 && sourceWidth > 1 ? 256 : 0);
        }

        _xSource = sourceWidth;
        _xDestination = destinationWidth;
    }

    /// <summary>The horizontal pass of one source row (8.8 fixed point), from a two-line cache.</summary>
    private ushort[] Horizontal(ReadOnlySpan<byte> source, int sourceWidth, int row, ref int cached0, ref int cached1, int destinationWidth, ushort[]? avoid)
    {
        if (row == cached0)
        {
            return _line0;
        }

        if (row == cached1)
        {
            return _line1;
        }

        // Overwrite the line that the caller is not holding.
        bool useFirst = !ReferenceEquals(avoid, _line0);
        ushort[] line = useFirst ? _line0 : _line1;
        if (useFirst)
        {
            cached0 = row;
        }
        else
        {
            cached1 = row;
        }

        ReadOnlySpan<byte> pixels = source.Slice(row * sourceWidth, sourceWidth);
        int[] offsets = _xOffset;
        ushort[] weights = _xWeight;
        if (sourceWidth == 1)
        {
            ushort only = (ushort)(pixels[0] << 8);
            Array.Fill(line, only, 0, destinationWidth);
            return line;
        }

        unsafe
        {
            fixed (byte* p = pixels)
            fixed (int* o = offsets)
            fixed (ushort* w = weights)
            fixed (ushort* l = line)
            {
                for (int x = 0; x < destinationWidth; x++)
                {
                    byte* at = p + o[x];
                    int w1 = w[x];
                    l[x] = (ushort)((at[0] * (256 - w1)) + (at[1] * w1));
                }
            }
        }

        return line;
    }

    /// <summary>The vertical pass: 8.8 × 8.8 fixed point, rounded by adding 2¹⁵ before the 16-bit shift.</summary>
    private static unsafe void Blend(ushort[] top, ushort[] bottom, uint a, uint b, Span<byte> output)
    {
        fixed (ushort* t = top)
        fixed (ushort* u = bottom)
        fixed (byte* o = output)
        {
            int n = output.Length;
            for (int x = 0; x < n; x++)
            {
                // At most (255·256·256 + 2¹⁵) >> 16 = 255, so no saturation is needed.
                o[x] = (byte)(((t[x] * a) + (u[x] * b) + 32768u) >> 16);
            }
        }
    }
}
