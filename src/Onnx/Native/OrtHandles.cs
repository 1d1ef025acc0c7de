using System.Buffers;
using System.Runtime.InteropServices;

namespace Facebench.Onnx.Native;

/// <summary>
/// The SafeHandle family for ORT objects: each handle owns one native object and releases it exactly once, also when
/// the managed owner is finalised rather than disposed. Native calls take a reference on the handle for their duration
/// (<see cref="SafeHandle.DangerousAddRef"/>), so disposing on another thread never frees an object mid-call.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint handle)
        : base(0, ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    protected static OrtApi Api => OrtLibrary.Instance.Api;
}

/// <summary>An <c>OrtSession</c>, with the UTF-8 copies of its input and output names that every run passes to ORT.</summary>
internal sealed unsafe class OrtSessionHandle(nint session) : OrtHandle(session)
{
    /// <summary>Native, NUL-terminated UTF-8 input names, owned by this handle so that they live as long as the session.</summary>
    public nint[] InputNames { get; set; } = [];

    /// <summary>Native, NUL-terminated UTF-8 output names.</summary>
    public nint[] OutputNames { get; set; } = [];

    protected override bool ReleaseHandle()
    {
        Api.ReleaseSession(handle);
        foreach (nint name in InputNames)
        {
            NativeMemory.Free((void*)name);
        }

        foreach (nint name in OutputNames)
        {
            NativeMemory.Free((void*)name);
        }

        return true;
    }
}

/// <summary>An <c>OrtValue</c>, and the pin on the managed memory it views when it was created over a managed buffer.</summary>
internal sealed unsafe class OrtValueHandle(nint value, MemoryHandle pin) : OrtHandle(value)
{
    private MemoryHandle _pin = pin;

    protected override bool ReleaseHandle()
    {
        // Native value first: ORT must not see the memory after it is unpinned.
        Api.ReleaseValue(handle);
        _pin.Dispose();
        return true;
    }
}

/// <summary>An <c>OrtSessionOptions</c>.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(nint options) : OrtHandle(options)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSessionOptions(handle);
        return true;
    }
}

/// <summary>An <c>OrtRunOptions</c>.</summary>
internal sealed unsafe class OrtRunOptionsHandle(nint options) : OrtHandle(options)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseRunOptions(handle);
        return true;
    }
}

/// <summary>An <c>OrtMemoryInfo</c>.</summary>
internal sealed unsafe class OrtMemoryInfoHandle(nint info) : OrtHandle(info)
{
    protected override bool ReleaseHandle()
    {
        Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
