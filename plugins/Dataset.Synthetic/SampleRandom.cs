namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>
/// The random stream of one synthetic sample: xoshiro256** (Blackman &amp; Vigna 2018, "Scrambled linear
/// pseudorandom number generators") seeded through SplitMix64 from the run's seed and the sample index. Each sample
/// has its own stream, so sample i is the same whether the run is complete, limited, resumed or sharded; and unlike
/// <see cref="System.Random"/> the sequence is fixed by this code, not by the runtime version.
/// </summary>
internal sealed class SampleRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian = double.NaN;

    public SampleRandom(int seed, long index)
    {
        ulong x = ((ulong)(uint)seed << 32) ^ (ulong)index ^ 0x5DEECE66DUL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>64 random bits.</summary>
    public ulong NextUInt64()
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

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [a, b).</summary>
    public double Uniform(double a, double b) => a + ((b - a) * NextDouble());

    /// <summary>Standard normal, by the Box–Muller transform (Box &amp; Muller 1958); the pair's second value is kept for the next call.</summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spareGaussian))
        {
            double spare = _spareGaussian;
            _spareGaussian = double.NaN;
            return spare;
        }

        double u1 = 1.0 - NextDouble(); // in (0, 1]: the log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
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
