using System.Diagnostics;

namespace Facebench.Host.Running;

/// <summary>The git commit a pipeline file belongs to, for the manifest.</summary>
public static class GitInfo
{
    /// <summary>The HEAD commit of the repository containing <paramref name="directory"/>, or null.</summary>
    public static string? Commit(string directory)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", directory, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            string output = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(5000) && git.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
