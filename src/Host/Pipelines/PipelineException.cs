namespace Facebench.Host.Pipelines;

/// <summary>A pipeline that cannot run as written. The message starts with file:line:column.</summary>
public sealed class PipelineException : Exception
{
    /// <summary>Creates the exception for a position in a pipeline file.</summary>
    public PipelineException(SourceMark mark, string message, Exception? inner = null)
        : base($"{mark}: {message}", inner)
    {
        Mark = mark;
        Detail = message;
    }

    /// <summary>Where the problem is.</summary>
    public SourceMark Mark { get; }

    /// <summary>The message without the position.</summary>
    public string Detail { get; }
}
