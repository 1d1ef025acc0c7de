namespace Facebench.Onnx.Providers;

/// <summary>The execution provider a session was created on.</summary>
/// <param name="Name">ONNX Runtime's name of the provider, e.g. <c>CUDAExecutionProvider</c> or <c>CPUExecutionProvider</c>.</param>
/// <param name="FallbackReason">Why <see cref="OnnxProvider.Auto"/> settled on the CPU; null when it did not fall back.</param>
public sealed record OnnxProviderChoice(string Name, string? FallbackReason);
