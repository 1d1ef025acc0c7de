namespace Facebench.Landmarks.Ert;

/// <summary>
/// One split node: go left when <c>pixel[Feature1] - pixel[Feature2] &gt; Threshold</c> (float32, strictly greater).
/// 8 bytes, so the 15 nodes of a depth-4 tree fit in two cache lines.
/// </summary>
internal readonly record struct Split(ushort Feature1, ushort Feature2, float Threshold);
