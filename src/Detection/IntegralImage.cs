namespace Facebench.Detection;

/// <summary>
/// Summed-area tables as OpenCV's <c>cv::integral</c> defines them, for an 8-bit image of
/// <c>width × height</c>: tables of <c>(width + 1) × (height + 1)</c> entries (row 0 and column 0 are zero) written
/// with a caller-chosen row stride, so several pyramid levels can share one feature-offset table.
/// <list type="bullet">
/// <item><c>sum(X, Y)</c> = Σ pixels with <c>x &lt; X, y &lt; Y</c>.</item>
/// <item><c>sqsum(X, Y)</c> = Σ pixel² over the same set, in 32-bit integers that wrap around as OpenCV's CV_32S
/// square sums do; window sums are differences of four entries, exact while the window's own sum fits.</item>
/// <item><c>tilted(X, Y)</c> = Σ pixels with <c>y &lt; Y</c> and <c>|x − X + 1| ≤ Y − y − 1</c>: the
/// upward triangle whose apex is pixel (X − 1, Y − 1) (the 45° rotated table of Lienhart and Maydt).</item>
/// </list>
/// </summary>
public static class IntegralImage
{
    /// <summary>Computes the sum and squared-sum tables.</summary>
    /// <param name="pixels">Gray pixels, row-major, <paramref name="width"/> per row.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="sum">Receives the sum table; at least <c>stride × (height + 1)</c> ints.</param>
    /// <param name="squares">Receives the squared-sum table, same layout; may be empty to skip it.</param>
    /// <param name="stride">Ints per table row, at least <c>width + 1</c>.</param>
    public static void Compute(ReadOnlySpan<byte> pixels, int width, int height, Span<int> sum, Span<int> squares, int stride)
    {
        CheckLayout(pixels.Length, width, height, sum.Length, stride);
        bool withSquares = !squares.IsEmpty;
        if (withSquares && squares.Length < (long)stride * (height + 1))
        {
            throw new ArgumentException("the squared-sum table is too small.", nameof(squares));
        }

        sum[..(width + 1)].Clear();
        if (withSquares)
        {
            squares[..(width + 1)].Clear();
        }

        unsafe
        {
            fixed (byte* image = pixels)
            fixed (int* sumTable = sum)
            fixed (int* squareTable = squares)
            {
                for (int y = 0; y < height; y++)
                {
                    byte* row = image + ((long)y * width);
                    int* above = sumTable + ((long)y * stride);
                    int* line = above + stride;
                    line[0] = 0;
                    int rowSum = 0;
                    if (withSquares)
                    {
                        int* aboveSq = squareTable + ((long)y * stride);
                        int* lineSq = aboveSq + stride;
                        lineSq[0] = 0;
                        int rowSq = 0;
                        for (int x = 0; x < width; x++)
                        {
                            int v = row[x];
                            rowSum += v;
                            rowSq += v * v;
                            line[x + 1] = above[x + 1] + rowSum;
                            lineSq[x + 1] = unchecked(aboveSq[x + 1] + rowSq);
                        }
                    }
                    else
                    {
                        for (int x = 0; x < width; x++)
                        {
                            rowSum += row[x];
                            line[x + 1] = above[x + 1] + rowSum;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Computes the 45° tilted table (see the class summary).</summary>
    /// <param name="pixels">Gray pixels, row-major.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="tilted">Receives the table; at least <c>stride × (height + 1)</c> ints.</param>
    /// <param name="stride">Ints per table row, at least <c>width + 1</c>.</param>
    /// <param name="scratch">
    /// Working rows, at least <see cref="TiltedScratchLength"/> ints; reused across calls to keep detection
    /// allocation-free.
    /// </param>
    public static void ComputeTilted(ReadOnlySpan<byte> pixels, int width, int height, Span<int> tilted, int stride, Span<int> scratch)
    {
        CheckLayout(pixels.Length, width, height, tilted.Length, stride);
        // The recurrence T(X,Y) = T(X-1,Y-1) + T(X+1,Y-1) - T(X,Y-2) + I(X-1,Y-1) + I(X-1,Y-2) needs columns beyond
        // the image: a triangle whose apex lies outside still covers pixels inside. Row Y only depends on X ± 1
        // of the row before, so computing X in [-pad, width + pad] with pad = height + 1 is enough everywhere.
        int pad = height + 1;
        int span = width + 1 + (2 * pad);
        if (scratch.Length < TiltedScratchLength(width, height))
        {
            throw new ArgumentException("the scratch buffer is too small.", nameof(scratch));
        }

        Span<int> older = scratch[..span];          // row Y - 2
        Span<int> previous = scratch.Slice(span, span); // row Y - 1
        Span<int> current = scratch.Slice(2 * span, span);
        older.Clear();
        previous.Clear();
        tilted[..(width + 1)].Clear();
        for (int y = 1; y <= height; y++)
        {
            ReadOnlySpan<byte> last = pixels.Slice((y - 1) * width, width);
            ReadOnlySpan<byte> beforeLast = y >= 2 ? pixels.Slice((y - 2) * width, width) : default;
            for (int i = 0; i < span; i++)
            {
                int x = i - pad;            // table column X
                int px = x - 1;             // pixel column of the apex
                int left = i > 0 ? previous[i - 1] : 0;
                int right = i + 1 < span ? previous[i + 1] : 0;
                int value = left + right - older[i];
                if ((uint)px < (uint)width)
                {
                    value += last[px];
                    if (y >= 2)
                    {
                        value += beforeLast[px];
                    }
                }

                current[i] = value;
            }

            current.Slice(pad, width + 1).CopyTo(tilted.Slice(y * stride, width + 1));
            Span<int> recycled = older;
            older = previous;
            previous = current;
            current = recycled;
        }
    }

    /// <summary>Ints of scratch that <see cref="ComputeTilted"/> needs for an image of this size.</summary>
    public static int TiltedScratchLength(int width, int height) => 3 * (width + 1 + (2 * (height + 1)));

    private static void CheckLayout(int pixelCount, int width, int height, int tableLength, int stride)
    {
        if (width <= 0 || height <= 0 || pixelCount < (long)width * height)
        {
            throw new ArgumentException($"a {width}x{height} image needs {(long)width * height} pixels, not {pixelCount}.");
        }

        if (stride < width + 1 || tableLength < (long)stride * (height + 1))
        {
            throw new ArgumentException($"a table for a {width}x{height} image needs stride ≥ {width + 1} and {(long)stride * (height + 1)} ints.");
        }
    }
}
