using Facebench.Onnx.Native;

namespace Facebench.Onnx;

/// <summary>Where a tensor's memory lives, for ORT (<c>OrtMemoryInfo</c>). Facebench's tensors live in CPU memory.</summary>
public sealed unsafe class OrtMemoryInfo
{
    private static readonly Lazy<OrtMemoryInfo> Cpu = new(() => new OrtMemoryInfo());

    private OrtMemoryInfo()
    {
        OrtApi api = OrtLibrary.Instance.Api;
        nint info;

        // OrtArenaAllocator (1) and OrtMemTypeDefault (0): ordinary CPU memory, as the C API's examples describe it.
        api.Check(api.CreateCpuMemoryInfo(1, 0, &info), "describing CPU memory");
        Handle = new OrtMemoryInfoHandle(info);
    }

    /// <summary>CPU memory; shared by every tensor created over managed buffers.</summary>
    public static OrtMemoryInfo DefaultInstance => Cpu.Value;

    internal OrtMemoryInfoHandle Handle { get; }
}
