namespace Facebench.Plugins.Detect.Haar;

/// <summary>The detector found no face in a sample; the runner records it as that sample's error.</summary>
/// <param name="message">What was searched, with which cascade and parameters.</param>
public sealed class NoFaceFoundException(string message) : Exception(message);
