using System.Collections.Concurrent;
using Facebench.Detection;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>
/// Parsed cascades shared by all <c>detect.haar</c> instances of the process (the runner creates one stage per
/// worker): each file is read once, keyed by full path, size and modification time so an edited file is re-read.
/// </summary>
internal static class CascadeCache
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), Lazy<CascadeClassifier>> Cascades = new();

    public static CascadeClassifier Get(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        var key = (full, info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc : default);
        var lazy = Cascades.GetOrAdd(key, k => new Lazy<CascadeClassifier>(() => CascadeClassifier.Load(k.Path)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache failures: a missing file may be installed before the next run in this process.
            Cascades.TryRemove(key, out _);
            throw;
        }
    }
}
