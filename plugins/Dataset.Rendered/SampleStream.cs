namespace Facebench.Plugins.Dataset.Rendered;

/// <summary>
/// The random stream of one rendered sample: xoshiro256** (Blackman &amp; Vigna 2018) seeded through SplitMix64
/// (Steele et al. 2014) from the plugin's derived seed and the sample index, so that sample i is the same in any
/// process, run order, shard or resume, and the sequence is fixed by this code rather than by the runtime.
/// </summary>
internal sealed class SampleStream
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare = double.NaN;

    public SampleStream(int seed, long index)
    {
        ulong x = ((ulong)(uint)seed << 32) ^ (ulong)index;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [a, b).</summary>
    public double Uniform(double a, double b) => a + ((b - a) * NextDouble());

    /// <summary>Uniform in [range[0], range[1]).</summary>
    public double Uniform(double[] range) => Uniform(range[0], range[1]);

    /// <summary>Standard normal by the Box–Muller transform; the pair's second value serves the next call.</summary>
    public double Gaussian()
    {
        if (!double.IsNaN(_spare))
        {
            double spare = _spare;
            _spare = double.NaN;
            return spare;
        }

        double r = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        double angle = 2 * Math.PI * NextDouble();
        _spare = r * Math.Sin(angle);
        return r * Math.Cos(angle);
    }

    private ulong Next()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
