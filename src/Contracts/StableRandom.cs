using System.Text;

namespace Facebench.Contracts;

/// <summary>
/// A random stream whose sequence is fixed by this code alone: the same draws in every process, on every machine and
/// runtime version. The generator is xoshiro256** (Blackman &amp; Vigna 2018, "Scrambled linear pseudorandom number
/// generators"), its state filled by SplitMix64 from a 64-bit seed. Streams are named: <see cref="For(int, string, string?)"/>
/// hashes the pipeline seed, a stream name and an optional key (a sample id) with FNV-1a over their UTF-8 bytes, so
/// sample <c>x</c> draws the same numbers whether the run is complete, limited, resumed or sharded, and two plugins never
/// share a stream by accident. Not thread-safe: one instance per stream and thread.
/// </summary>
public sealed class StableRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian = double.NaN;

    /// <summary>A stream seeded with <paramref name="seed"/>.</summary>
    public StableRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// The stream named <paramref name="stream"/> (and <paramref name="key"/>, typically a sample id) under the
    /// pipeline seed <paramref name="seed"/>.
    /// </summary>
    public static StableRandom For(int seed, string stream, string? key = null) => new(Hash(seed, stream, key));

    /// <summary>
    /// FNV-1a (64-bit) over the seed's four little-endian bytes, the stream name's UTF-8 bytes, a separator, and the
    /// key's UTF-8 bytes: a stable seed for a named stream (unlike <see cref="string.GetHashCode()"/>, which .NET
    /// randomises per process).
    /// </summary>
    public static ulong Hash(int seed, string stream, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ulong hash = 14695981039346656037UL;
        for (int i = 0; i < 4; i++)
        {
            hash = Mix(hash, (byte)(seed >> (8 * i)));
        }

        hash = MixUtf8(hash, stream);
        if (key is not null)
        {
            hash = Mix(hash, 0x1F); // unit separator: ("ab", "c") and ("a", "bc") differ
            hash = MixUtf8(hash, key);
        }

        return hash;
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

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>
    /// Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire 2019, "Fast random
    /// integer generation in an interval": multiply-shift with rejection of the biased low range).
    /// </summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong range = (ulong)maxExclusive;
        UInt128 product = (UInt128)(NextUInt64() >> 32) * range;
        ulong low = (ulong)product & 0xFFFFFFFFUL;
        if (low < range)
        {
            ulong threshold = (0x1_0000_0000UL - range) % range;
            while (low < threshold)
            {
                product = (UInt128)(NextUInt64() >> 32) * range;
                low = (ulong)product & 0xFFFFFFFFUL;
            }
        }

        return (int)((ulong)(product >> 32));
    }

    /// <summary>
    /// Standard normal by the Box–Muller transform (Box &amp; Muller 1958); the pair's second value is kept for the
    /// next call.
    /// </summary>
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

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public double NextGaussian(double mean, double sigma) => mean + (sigma * NextGaussian());

    /// <summary>Fills <paramref name="values"/> with standard normal draws.</summary>
    public void FillGaussian(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)NextGaussian();
        }
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates, Durstenfeld's in-place form).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong MixUtf8(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        int offset = 0;
        while (offset < text.Length)
        {
            int chars = Math.Min(64, text.Length - offset);
            if (chars < text.Length - offset && char.IsHighSurrogate(text[offset + chars - 1]))
            {
                chars--; // keep a surrogate pair in one chunk
            }

            int count = Encoding.UTF8.GetBytes(text.AsSpan(offset, chars), buffer);
            foreach (byte b in buffer[..count])
            {
                hash = Mix(hash, b);
            }

            offset += chars;
        }

        return hash;
    }

    private static ulong Mix(ulong hash, byte value) => (hash ^ value) * 1099511628211UL;

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
