namespace Facebench.Plotting.Tests;

/// <summary>
/// Deterministic pseudo-random data for tests. Uses xorshift64* and an Irwin–Hall normal approximation (sum of 12
/// uniforms) so that only integer and basic floating-point arithmetic is involved and the numbers are identical on
/// every platform and runtime, which keeps the statistics tests exact.
/// </summary>
internal sealed class TestData(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        ulong r = _state * 0x2545F4914F6CDD1DUL;
        return (r >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Approximately standard normal (Irwin–Hall with n = 12, variance exactly 1).</summary>
    public double Normal(double mean = 0, double sd = 1)
    {
        double sum = 0;
        for (int i = 0; i < 12; i++)
        {
            sum += Uniform();
        }

        return mean + (sd * (sum - 6));
    }

    /// <summary><paramref name="n"/> normal values.</summary>
    public double[] Normals(int n, double mean = 0, double sd = 1)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = Normal(mean, sd);
        }

        return r;
    }
}
