namespace Facebench.Onnx;

/// <summary>
/// An error ONNX Runtime returned through an <c>OrtStatus</c>: carries ORT's code and message, prefixed with what
/// Facebench was doing (the model file, the tensor) so that the user can act on it.
/// </summary>
public class OrtException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">ORT's error code.</param>
    /// <param name="message">The full message (context and ORT's text).</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public OrtException(OrtErrorCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = code;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }
}
