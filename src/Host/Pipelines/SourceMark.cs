namespace Facebench.Host.Pipelines;

/// <summary>Where a value came from: a file position (1-based line and column) or a command-line override.</summary>
/// <param name="File">The pipeline file, or <c>--set</c> for overrides.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
public sealed record SourceMark(string File, int Line, int Column)
{
    /// <summary>Label used for values given with <c>--set</c>.</summary>
    public const string CommandLine = "--set";

    /// <summary>True when the value was given on the command line.</summary>
    public bool IsCommandLine => File == CommandLine;

    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
