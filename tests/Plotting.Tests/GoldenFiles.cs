using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Facebench.Plotting.Tests;

/// <summary>
/// Compares rendered SVGs with the committed files in tests/Plotting.Tests/golden (read from the source tree).
/// Set FACEBENCH_UPDATE_GOLDEN=1 to (re)write the golden files instead of comparing.
/// </summary>
internal static partial class GoldenFiles
{
    public const string UpdateVariable = "FACEBENCH_UPDATE_GOLDEN";

    public static bool UpdateMode => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The golden folder in the source tree.</summary>
    public static string Directory { get; } = Locate();

    public static void AssertMatches(string name, string actualSvg)
    {
        string path = Path.Combine(Directory, name);
        if (UpdateMode)
        {
            File.WriteAllText(path, actualSvg, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path),
            $"Golden file '{path}' does not exist. Create it with: {UpdateVariable}=1 dotnet test tests/Plotting.Tests");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        string a = Normalize(actualSvg);
        string e = Normalize(expected);
        if (a == e)
        {
            return;
        }

        string actualPath = Path.Combine(Path.GetTempPath(), "facebench-golden-actual", name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(actualPath)!);
        File.WriteAllText(actualPath, actualSvg, new UTF8Encoding(false));
        Assert.Fail(
            $"Rendered SVG differs from golden file '{path}' ({FirstDifference(e, a)}). " +
            $"The new output was written to '{actualPath}'. If the change is intended, regenerate the golden files with: " +
            $"{UpdateVariable}=1 dotnet test tests/Plotting.Tests");
    }

    /// <summary>
    /// Replaces embedded PNG payloads by a hash of their inflated IDAT data: the filtered pixel rows are ours and
    /// deterministic, but the zlib byte stream may differ between runtime/zlib versions.
    /// </summary>
    public static string Normalize(string svg) =>
        PngPayload().Replace(svg.ReplaceLineEndings("\n"), m => "data:image/png;idat-sha256," + HashIdat(Convert.FromBase64String(m.Groups[1].Value)));

    private static string HashIdat(byte[] png)
    {
        using var headers = new MemoryStream();
        using var idat = new MemoryStream();
        int offset = 8;
        while (offset + 8 <= png.Length)
        {
            int length = (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }
            else
            {
                headers.Write(png, offset + 4, length + 4); // other chunks (IHDR...) are compared verbatim
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(headers);
        }

        return Convert.ToHexString(SHA256.HashData(headers.ToArray()));
    }

    private static string FirstDifference(string expected, string actual)
    {
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        int line = expected.AsSpan(0, i).Count('\n') + 1;
        string Snip(string s) => s.Substring(i, Math.Min(60, s.Length - i)).Replace("\n", "\\n", StringComparison.Ordinal);
        return $"first difference at line {line}: expected \"{Snip(expected)}\" but got \"{Snip(actual)}\"";
    }

    private static string Locate()
    {
        // 1. Path baked in at build time (see Plotting.Tests.csproj).
        string? baked = typeof(GoldenFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GoldenDir")?.Value;
        if (baked is not null && System.IO.Directory.Exists(baked))
        {
            return baked;
        }

        // 2. Walk up from the test binaries to the repository's source folder.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Plotting.Tests", "golden");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Cannot find tests/Plotting.Tests/golden.");
    }

    [GeneratedRegex("data:image/png;base64,([A-Za-z0-9+/=]+)")]
    private static partial Regex PngPayload();
}
