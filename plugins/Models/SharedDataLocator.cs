namespace Facebench.Plugins.Models;

/// <summary>
/// Finds a file of the project's shared data (the read-only <c>shared/</c> folder that sits beside a checkout):
/// <c>FACEBENCH_SHARED</c> first, then a <c>shared</c> folder in any ancestor of the pipeline's folder or of the
/// working directory. Lets pipelines use the public SFM without hard-coding where the checkout lives.
/// </summary>
internal static class SharedDataLocator
{
    public static string? Find(string relativePath, string pipelineDirectory)
    {
        if (Environment.GetEnvironmentVariable("FACEBENCH_SHARED") is { Length: > 0 } root)
        {
            string candidate = Path.Combine(root, relativePath);
            return File.Exists(candidate) ? candidate : null;
        }

        foreach (string start in new[] { pipelineDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
