using System.Runtime.InteropServices;

namespace Facebench.Onnx.Native;

/// <summary>
/// Holds a reference on a <see cref="SafeHandle"/> for the duration of a native call (<c>using var lease = new HandleLease(h)</c>),
/// so that a concurrent dispose cannot free the object under ORT. Allocation-free.
/// </summary>
internal ref struct HandleLease
{
    private readonly SafeHandle _handle;
    private bool _added;

    /// <summary>Takes the reference.</summary>
    /// <exception cref="ObjectDisposedException">The handle was already released.</exception>
    public HandleLease(SafeHandle handle)
    {
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
        Value = handle.DangerousGetHandle();
    }

    /// <summary>The raw native pointer, valid until <see cref="Dispose"/>.</summary>
    public nint Value { get; }

    /// <summary>Gives the reference back.</summary>
    public void Dispose()
    {
        if (_added)
        {
            _handle.DangerousRelease();
            _added = false;
        }
    }
}
