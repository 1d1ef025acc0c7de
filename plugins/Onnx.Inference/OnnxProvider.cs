namespace Facebench.Plugins.Onnx.Inference;

/// <summary>Execution providers <c>infer.onnx</c> can ask ONNX Runtime for.</summary>
public enum OnnxProvider
{
    /// <summary>ORT's CPU provider (always present, always the fallback).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs a GPU build of ONNX Runtime.</summary>
    Cuda,
}
