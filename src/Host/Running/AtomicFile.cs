namespace Facebench.Host.Running;

/// <summary>Writes files so that readers see either the old or the new content, never half of it.</summary>
public static class AtomicFile
{
    /// <summary>Writes text to a temporary sibling, then renames it over the target.</summary>
    public static void WriteAllText(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes bytes to a temporary sibling, then renames it over the target.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
