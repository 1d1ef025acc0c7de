using Facebench.Onnx.Native;

namespace Facebench.Onnx;

/// <summary>
/// How a session is built: threads, graph optimisation, memory arena, logging and execution providers. Mirrors
/// Microsoft.ML.OnnxRuntime's <c>SessionOptions</c>: each setter applies to the native object at once, and the options
/// may be disposed as soon as the session is created.
/// </summary>
public sealed unsafe class SessionOptions : IDisposable
{
    /// <summary>ORT's name of the CUDA execution provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly OrtLibrary _library;
    private readonly List<string> _providers = [];
    private int _intraOpNumThreads;
    private int _interOpNumThreads;
    private GraphOptimizationLevel _optimization = GraphOptimizationLevel.EnableAll;
    private ExecutionMode _executionMode = ExecutionMode.Sequential;
    private bool _cpuMemArena = true;
    private OrtLoggingLevel _logSeverity = OrtLoggingLevel.Warning;

    /// <summary>Creates options with ORT's defaults (all CPU threads, all optimisations, CPU provider only).</summary>
    /// <exception cref="OrtLibraryNotFoundException">ONNX Runtime's library is not installed.</exception>
    public SessionOptions()
    {
        _library = OrtLibrary.Instance;
        nint options;
        Api.Check(Api.CreateSessionOptions(&options), "creating session options");
        Handle = new OrtSessionOptionsHandle(options);
    }

    /// <summary>Threads one operator may use; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpNumThreads
    {
        get => _intraOpNumThreads;
        set => Apply(ref _intraOpNumThreads, value, Api.SetIntraOpNumThreads, "intra-op threads");
    }

    /// <summary>Threads for independent branches in <see cref="ExecutionMode.Parallel"/>; 0 lets ORT choose.</summary>
    public int InterOpNumThreads
    {
        get => _interOpNumThreads;
        set => Apply(ref _interOpNumThreads, value, Api.SetInterOpNumThreads, "inter-op threads");
    }

    /// <summary>How much the graph is rewritten before running.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _optimization;
        set
        {
            Call(Api.SetSessionGraphOptimizationLevel, (int)value, "setting the graph optimisation level");
            _optimization = value;
        }
    }

    /// <summary>Sequential or parallel execution of independent branches.</summary>
    public ExecutionMode ExecutionMode
    {
        get => _executionMode;
        set
        {
            Call(Api.SetSessionExecutionMode, (int)value, "setting the execution mode");
            _executionMode = value;
        }
    }

    /// <summary>Whether ORT keeps freed CPU buffers in an arena for reuse (faster, holds memory).</summary>
    public bool EnableCpuMemArena
    {
        get => _cpuMemArena;
        set
        {
            Call(value ? Api.EnableCpuMemArena : Api.DisableCpuMemArena, "setting the CPU memory arena");
            _cpuMemArena = value;
        }
    }

    /// <summary>The least severe message the session logs.</summary>
    public OrtLoggingLevel LogSeverityLevel
    {
        get => _logSeverity;
        set
        {
            Call(Api.SetSessionLogSeverityLevel, (int)value, "setting the log severity");
            _logSeverity = value;
        }
    }

    /// <summary>Execution providers appended so far, in preference order; ORT's CPU provider always comes last.</summary>
    public IReadOnlyList<string> Providers => _providers;

    internal OrtSessionOptionsHandle Handle { get; }

    private OrtApi Api => _library.Api;

    /// <summary>Options that run on CUDA device <paramref name="deviceId"/>, falling back to the CPU for unsupported nodes.</summary>
    /// <inheritdoc cref="AppendExecutionProvider_CUDA"/>
    public static SessionOptions MakeSessionOptionWithCudaProvider(int deviceId = 0)
    {
        var options = new SessionOptions();
        try
        {
            options.AppendExecutionProvider_CUDA(deviceId);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Sets a session configuration entry (ORT's <c>session.*</c> keys).</summary>
    public void AddSessionConfigEntry(string key, string value)
    {
        using var options = new HandleLease(Handle);
        fixed (byte* k = NativeUtf8.Bytes(key))
        fixed (byte* v = NativeUtf8.Bytes(value))
        {
            Api.Check(Api.AddSessionConfigEntry(options.Value, k, v), $"setting session option '{key}'");
        }
    }

    /// <summary>
    /// Opts in to the CUDA execution provider. Nodes it cannot run stay on the CPU.
    /// </summary>
    /// <param name="deviceId">The CUDA device ordinal.</param>
    /// <exception cref="OrtException">
    /// The loaded library has no CUDA provider (the CPU build that the assets install has none), or the provider could
    /// not start (no driver, no device, missing CUDA/cuDNN libraries); the message says which library was loaded and
    /// what to do.
    /// </exception>
    public void AppendExecutionProvider_CUDA(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        string where = $"ONNX Runtime {_library.Version} at {_library.Path}";
        if (!_library.AvailableProviders.Contains(CudaProvider))
        {
            throw new OrtException(
                OrtErrorCode.NotImplemented,
                $"the CUDA execution provider was requested, but {where} has none (it offers {string.Join(", ", _library.AvailableProviders)}). " +
                $"Point the library option or {OrtLibrary.EnvironmentVariable} at a GPU build of ONNX Runtime (e.g. the onnxruntime-gpu Linux package's libonnxruntime.so.1 with its provider libraries beside it), or ask only for the CPU provider.");
        }

        nint cuda = 0;
        try
        {
            Api.Check(Api.CreateCUDAProviderOptions(&cuda), "creating CUDA provider options");
            fixed (byte* key = "device_id\0"u8)
            fixed (byte* value = NativeUtf8.Bytes(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                byte* keys = key;
                byte* values = value;
                Api.Check(Api.UpdateCUDAProviderOptions(cuda, &keys, &values, 1), $"selecting CUDA device {deviceId}");
            }

            using var options = new HandleLease(Handle);
            Api.Check(Api.SessionOptionsAppendExecutionProvider_CUDA_V2(options.Value, cuda), $"enabling CUDA device {deviceId}");
            _providers.Add(CudaProvider);
        }
        catch (OrtException e)
        {
            // The CPU packages still list the provider but lack its libraries (libonnxruntime_providers_cuda.so, CUDA,
            // cuDNN), so the failure comes only now: say which library was used and what would work.
            throw new OrtException(
                e.ErrorCode,
                $"the CUDA execution provider could not be enabled with {where}: {e.Message}. It needs a GPU build of ONNX Runtime with its provider libraries beside it, an NVIDIA driver, and CUDA/cuDNN matching the build; point the library option or {OrtLibrary.EnvironmentVariable} at one, or ask only for the CPU provider.",
                e);
        }
        finally
        {
            if (cuda != 0)
            {
                Api.ReleaseCUDAProviderOptions(cuda);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();

    private void Apply(ref int field, int value, delegate* unmanaged<nint, int, nint> setter, string what)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Call(setter, value, $"setting {what} to {value}");
        field = value;
    }

    private void Call(delegate* unmanaged<nint, nint> setter, string context)
    {
        bool added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            Api.Check(setter(Handle.DangerousGetHandle()), context);
        }
        finally
        {
            if (added)
            {
                Handle.DangerousRelease();
            }
        }
    }

    private void Call(delegate* unmanaged<nint, int, nint> setter, int value, string context)
    {
        bool added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            Api.Check(setter(Handle.DangerousGetHandle(), value), context);
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
