namespace Facebench.Host.Cli;

/// <summary>The exit codes of <c>facebench</c>, as documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The run finished but some samples (or report sections) failed; see the report.</summary>
    public const int SomeFailed = 1;

    /// <summary>Invalid input: a malformed pipeline, an unknown plugin or option, a missing or corrupt file, bad arguments.</summary>
    public const int InvalidInput = 2;

    /// <summary>An unexpected internal error (a bug: please report it with the message).</summary>
    public const int InternalError = 3;

    /// <summary>Stopped by Ctrl+C; the run folder can be continued with <c>--resume</c>.</summary>
    public const int Cancelled = 130;
}
