namespace Facebench.Contracts;

/// <summary>
/// Bad input that the user can fix: a missing or malformed file, an option out of range. The message
/// must name the file (when there is one) and say what was expected. The host turns it into exit code 2.
/// </summary>
public class PluginInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="path">The offending file, when there is one; it is prefixed to the message.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public PluginInputException(string message, string? path = null, Exception? inner = null)
        : base(path is null ? message : $"{path}: {message}", inner)
    {
        Path = path;
    }

    /// <summary>The offending file, when there is one.</summary>
    public string? Path { get; }
}
