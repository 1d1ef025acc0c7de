namespace Facebench.Onnx;

/// <summary>
/// ONNX Runtime's native library could not be found or loaded. The message lists every place that was tried and
/// says how to install the library.
/// </summary>
public sealed class OrtLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Where the library was looked for and how to install it.</param>
    /// <param name="inner">The last loader error, if any.</param>
    public OrtLibraryNotFoundException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
