namespace Facebench.Morphable.Tests;

/// <summary>A temporary folder deleted at dispose, for truncated and corrupted copies of model files.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "facebench-morphable-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Copies the first <paramref name="length"/> bytes of a file into the folder.</summary>
    public string CopyPrefix(string source, int length)
    {
        string path = System.IO.Path.Combine(Path, $"truncated-{length}-{System.IO.Path.GetFileName(source)}");
        using FileStream input = File.OpenRead(source);
        var buffer = new byte[length];
        input.ReadExactly(buffer);
        File.WriteAllBytes(path, buffer);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
