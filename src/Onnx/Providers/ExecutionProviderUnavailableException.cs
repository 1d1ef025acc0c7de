namespace Facebench.Onnx.Providers;

/// <summary>
/// An execution provider that was asked for cannot run here (or, for the CPU, ONNX Runtime's native library itself cannot
/// be loaded); the one-line message says why.
/// </summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider asked for.</param>
    /// <param name="message">Why it cannot run, in one line.</param>
    /// <param name="inner">ONNX Runtime's error, if it gave one.</param>
    public ExecutionProviderUnavailableException(OnnxProvider provider, string message, Exception? inner = null)
        : base(message, inner)
    {
        Provider = provider;
    }

    /// <summary>The provider asked for.</summary>
    public OnnxProvider Provider { get; }
}
