namespace Facebench.Landmarks.Tests;

/// <summary>
/// A test-side writer of dlib's portable serialization, written from docs/dlib-shape-predictor.md (§a, "Writer"),
/// used to make small shape-predictor files for the reader's tests and fuzzing.
/// </summary>
internal sealed class DlibWriter
{
    private readonly MemoryStream _out = new();

    public byte[] ToArray() => _out.ToArray();

    public DlibWriter Int(long value)
    {
        ulong magnitude = value < 0 ? (ulong)(-value) : (ulong)value;
        Span<byte> payload = stackalloc byte[8];
        int n = 0;
        do
        {
            payload[n++] = (byte)magnitude;
            magnitude >>= 8;
        }
        while (magnitude != 0);
        _out.WriteByte((byte)(n | (value < 0 ? 0x80 : 0)));
        _out.Write(payload[..n]);
        return this;
    }

    public DlibWriter Float(float value)
    {
        // frexp: value = f * 2^e with 0.5 <= |f| < 1; mantissa = trunc(f * 2^24), exponent = e - 24.
        if (value == 0)
        {
            return Int(0).Int(0);
        }

        int e = (int)Math.Floor(Math.Log2(Math.Abs((double)value))) + 1;
        double f = value / Math.Pow(2, e);
        long mantissa = (long)Math.Truncate(f * (1 << 24));
        int exponent = e - 24;
        for (int i = 0; i < 8 && (mantissa & 0xFF) == 0; i++)
        {
            mantissa >>= 8;
            exponent += 8;
        }

        return Int(mantissa).Int(exponent);
    }

    public DlibWriter Column(IReadOnlyList<float> values)
    {
        Int(-values.Count).Int(-1);
        foreach (float v in values)
        {
            Float(v);
        }

        return this;
    }

    /// <summary>
    /// A small random model: <paramref name="points"/> landmarks, <paramref name="cascades"/> cascades of
    /// <paramref name="trees"/> depth-<paramref name="depth"/> trees over <paramref name="features"/> pixels.
    /// </summary>
    public static byte[] SmallModel(int seed, int points = 5, int cascades = 3, int trees = 4, int depth = 2, int features = 6)
    {
        var rng = new Random(seed);
        var w = new DlibWriter().Int(1);
        w.Column([.. Enumerable.Range(0, 2 * points).Select(_ => (float)rng.NextDouble())]);
        int splits = (1 << depth) - 1;
        w.Int(cascades);
        for (int t = 0; t < cascades; t++)
        {
            w.Int(trees);
            for (int k = 0; k < trees; k++)
            {
                w.Int(splits);
                for (int s = 0; s < splits; s++)
                {
                    w.Int(rng.Next(features)).Int(rng.Next(features)).Float((float)((rng.NextDouble() * 100) - 50));
                }

                w.Int(splits + 1);
                for (int l = 0; l <= splits; l++)
                {
                    w.Column([.. Enumerable.Range(0, 2 * points).Select(_ => (float)((rng.NextDouble() - 0.5) * 0.02))]);
                }
            }
        }

        w.Int(cascades);
        for (int t = 0; t < cascades; t++)
        {
            w.Int(features);
            for (int j = 0; j < features; j++)
            {
                w.Int(rng.Next(points));
            }
        }

        w.Int(cascades);
        for (int t = 0; t < cascades; t++)
        {
            w.Int(features);
            for (int j = 0; j < features; j++)
            {
                w.Float((float)((rng.NextDouble() - 0.5) * 0.2)).Float((float)((rng.NextDouble() - 0.5) * 0.2));
            }
        }

        return w.ToArray();
    }
}
