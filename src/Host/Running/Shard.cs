using System.Globalization;
using System.Text;

namespace Facebench.Host.Running;

/// <summary>
/// Shard i of N (1-based, as Slurm array and Kubernetes indexed jobs count from a configurable base):
/// a sample belongs to the shard <c>1 + FNV-1a(id) mod N</c>, so membership depends on the id alone and
/// is the same on every machine, whatever order the source yields.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole run.</summary>
    public static Shard All => new(1, 1);

    /// <summary>True for a real split.</summary>
    public bool IsSplit => Count > 1;

    /// <summary>Parses <c>i/N</c>.</summary>
    public static bool TryParse(string text, out Shard shard, out string error)
    {
        shard = All;
        error = "";
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            error = $"--shard '{text}' is not i/N (e.g. --shard 2/8).";
            return false;
        }

        if (n < 1 || i < 1 || i > n)
        {
            error = $"--shard '{text}': need 1 <= i <= N.";
            return false;
        }

        shard = new Shard(i, n);
        return true;
    }

    /// <summary>True when the sample with this id belongs to this shard.</summary>
    public bool Contains(string id) => !IsSplit || (int)(Fnv1a(id) % (uint)Count) + 1 == Index;

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";

    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619);
        }

        return hash;
    }
}
