using System.IO.Compression;

namespace Facebench.PythonData.Numpy;

/// <summary>
/// Reads NumPy's <c>.npz</c> archives (<c>np.savez</c>, <c>np.savez_compressed</c>): a ZIP file whose entries
/// <c>name.npy</c> are .npy files (stored or deflated). Each array is named by its entry without the extension.
/// </summary>
public static class NpzReader
{
    /// <summary>Largest uncompressed entry accepted (the ZIP directory's declared size is checked before reading).</summary>
    public const long MaxEntryBytes = 4L << 30;

    /// <summary>Reads every array of an archive.</summary>
    /// <exception cref="PythonDataException">Missing file, not a ZIP archive, or a malformed entry (named).</exception>
    public static IReadOnlyDictionary<string, NdArray> Read(string path, bool allowPickle = true)
    {
        var arrays = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                if (entry.Length > MaxEntryBytes || entry.Length > Array.MaxLength)
                {
                    throw new PythonDataException($"entry '{entry.FullName}' declares {entry.Length} bytes; expected at most {Math.Min(MaxEntryBytes, Array.MaxLength)}", path);
                }

                var buffer = new byte[entry.Length];
                using (Stream stream = entry.Open())
                {
                    stream.ReadExactly(buffer);
                }

                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                arrays[name] = NpyReader.Read(buffer, $"{path}[{entry.FullName}]", allowPickle);
            }
        }
        catch (InvalidDataException e)
        {
            throw new PythonDataException($"not a readable ZIP archive ({e.Message}); expected a NumPy .npz file", path, e);
        }
        catch (EndOfStreamException e)
        {
            throw new PythonDataException($"an entry is shorter than its declared size ({e.Message})", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PythonDataException($"cannot read the file ({e.Message}); expected a NumPy .npz file", path, e);
        }

        return arrays;
    }
}
