namespace Facebench.Onnx;

/// <summary>ONNX Runtime's log severities (<c>OrtLoggingLevel</c>); messages below the level are dropped.</summary>
public enum OrtLoggingLevel
{
    /// <summary>Everything.</summary>
    Verbose = 0,

    /// <summary>Informational messages and above.</summary>
    Info = 1,

    /// <summary>Warnings and above (ORT's default).</summary>
    Warning = 2,

    /// <summary>Errors and above.</summary>
    Error = 3,

    /// <summary>Only fatal errors.</summary>
    Fatal = 4,
}
