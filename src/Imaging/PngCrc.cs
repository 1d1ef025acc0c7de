namespace Facebench.Imaging;

/// <summary>The CRC-32 that PNG chunks carry (PNG spec Annex D: polynomial 0xEDB88320, reflected, inverted).</summary>
internal static class PngCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC of the concatenation of <paramref name="a"/> and <paramref name="b"/> (chunk type and data).</summary>
    public static uint Compute(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Update(Update(0xFFFFFFFFu, a), b) ^ 0xFFFFFFFFu;

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte x in data)
        {
            crc = Table[(crc ^ x) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
