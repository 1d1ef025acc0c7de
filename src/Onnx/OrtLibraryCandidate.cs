namespace Facebench.Onnx;

/// <summary>One place ONNX Runtime's native library is looked for, in <see cref="OrtLibrary.Candidates"/>'s order.</summary>
/// <param name="Path">A file path, or a bare library name that the system's loader resolves on its search path.</param>
/// <param name="Source">Where the candidate comes from: "option", the environment variable, "tools/onnxruntime" or "system".</param>
public sealed record OrtLibraryCandidate(string Path, string Source)
{
    /// <summary>True when <see cref="Path"/> is a bare name for the system's loader rather than a file path.</summary>
    public bool IsSystemName => Source == OrtLibrary.SystemSource;
}
