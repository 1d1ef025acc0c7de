using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Facebench.Photometric.Tests;

/// <summary>Writes NumPy .npy arrays (format 1.0, little-endian, C order) into .npz archives, as np.savez does.</summary>
internal static class NumpyFiles
{
    /// <summary>An array to store: float64 or int64 data with a shape.</summary>
    public sealed record Array(int[] Shape, double[]? Doubles = null, long[]? Longs = null);

    public static void WriteNpz(string path, IReadOnlyDictionary<string, Array> arrays)
    {
        using var stream = File.Create(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach ((string name, Array array) in arrays)
        {
            ZipArchiveEntry entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
            using Stream s = entry.Open();
            byte[] npy = Npy(array);
            s.Write(npy);
        }
    }

    private static byte[] Npy(Array array)
    {
        string descr = array.Doubles is not null ? "<f8" : "<i8";
        string shape = array.Shape.Length == 1 ? $"({array.Shape[0]},)" : $"({string.Join(", ", array.Shape)})";
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        using var memory = new MemoryStream();
        memory.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        memory.Write(BitConverter.GetBytes((ushort)header.Length));
        memory.Write(Encoding.ASCII.GetBytes(header));
        if (array.Doubles is { } doubles)
        {
            foreach (double d in doubles)
            {
                memory.Write(BitConverter.GetBytes(d));
            }
        }
        else
        {
            foreach (long l in array.Longs!)
            {
                memory.Write(BitConverter.GetBytes(l));
            }
        }

        return memory.ToArray();
    }

    /// <summary>Formats a float for OBJ text.</summary>
    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
