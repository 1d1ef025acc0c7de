namespace Facebench.Onnx.Providers;

/// <summary>Which ONNX Runtime execution provider a session runs on.</summary>
public enum OnnxProvider
{
    /// <summary>ONNX Runtime's CPU provider: always available.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; a session that cannot get it fails with the reason (nodes CUDA lacks still run on the CPU).</summary>
    Cuda,

    /// <summary>CUDA when it loads, otherwise the CPU, with the reason CUDA was not used.</summary>
    Auto,
}
