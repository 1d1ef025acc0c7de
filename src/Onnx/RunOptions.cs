using Facebench.Onnx.Native;

namespace Facebench.Onnx;

/// <summary>Options of one <see cref="InferenceSession"/> run; chiefly a way to stop runs in flight from another thread.</summary>
public sealed unsafe class RunOptions : IDisposable
{
    private readonly OrtApi _api;
    private bool _terminate;

    /// <summary>Creates run options.</summary>
    public RunOptions()
    {
        _api = OrtLibrary.Instance.Api;
        nint options;
        _api.Check(_api.CreateRunOptions(&options), "creating run options");
        Handle = new OrtRunOptionsHandle(options);
    }

    /// <summary>
    /// Set to make every run using these options stop as soon as possible with an error (for cancellation); reset to
    /// run again.
    /// </summary>
    public bool Terminate
    {
        get => _terminate;
        set
        {
            bool added = false;
            try
            {
                Handle.DangerousAddRef(ref added);
                nint h = Handle.DangerousGetHandle();
                _api.Check(value ? _api.RunOptionsSetTerminate(h) : _api.RunOptionsUnsetTerminate(h), "setting the terminate flag");
                _terminate = value;
            }
            finally
            {
                if (added)
                {
                    Handle.DangerousRelease();
                }
            }
        }
    }

    internal OrtRunOptionsHandle Handle { get; }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();
}
