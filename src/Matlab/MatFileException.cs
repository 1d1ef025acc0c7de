using Facebench.Contracts;

namespace Facebench.Matlab;

/// <summary>
/// A MAT-file that cannot be read (truncated, malformed, an unsupported class) or that lacks a variable the caller
/// needs. The message names the file, the variable and what was expected.
/// </summary>
public sealed class MatFileException(string message, string? path = null, Exception? inner = null)
    : PluginInputException(message, path, inner)
{
}
