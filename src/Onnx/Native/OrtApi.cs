using System.Runtime.InteropServices;

namespace Facebench.Onnx.Native;

/// <summary>
/// The functions of ONNX Runtime's <c>OrtApi</c> table that Facebench uses, as typed unmanaged function pointers
/// read once from the table at the positions in <see cref="OrtApiSlots"/>. Calling through function pointers (rather
/// than <c>DllImport</c>) is what lets the library be found at run time from a path option, an environment variable or
/// the assets folder, and costs no marshalling stubs: every argument is a blittable pointer or number.
/// Functions that return <c>OrtStatus*</c> return <see cref="nint"/>: zero is success, anything else is an error
/// object that <see cref="Check"/> turns into an <see cref="OrtException"/> and releases.
/// </summary>
internal sealed unsafe class OrtApi
{
    public readonly delegate* unmanaged<nint, OrtErrorCode> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, nint> EnableCpuMemArena;
    public readonly delegate* unmanaged<nint, nint> DisableCpuMemArena;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint*, nint> CreateRunOptions;
    public readonly delegate* unmanaged<nint, nint> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<nint, nint> RunOptionsUnsetTerminate;
    public readonly delegate* unmanaged<nint, long*, nuint, TensorElementType, nint*, nint> CreateTensorAsOrtValue;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, TensorElementType, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, int*, nint> IsTensor;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, OnnxValueType*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, TensorElementType*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<nint, OnnxValueType*, nint> GetValueType;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<byte***, int*, nint> GetAvailableProviders;
    public readonly delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public readonly delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions;
    public readonly delegate* unmanaged<byte*> GetBuildInfoString;

    /// <summary>Reads the function pointers from an <c>OrtApi*</c>.</summary>
    public OrtApi(nint table)
    {
        var slots = (nint*)table;
        GetErrorCode = (delegate* unmanaged<nint, OrtErrorCode>)slots[OrtApiSlots.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)slots[OrtApiSlots.GetErrorMessage];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)slots[OrtApiSlots.CreateEnv];
        CreateSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)slots[OrtApiSlots.CreateSession];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)slots[OrtApiSlots.CreateSessionFromArray];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)slots[OrtApiSlots.Run];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)slots[OrtApiSlots.CreateSessionOptions];
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)slots[OrtApiSlots.SetSessionExecutionMode];
        EnableCpuMemArena = (delegate* unmanaged<nint, nint>)slots[OrtApiSlots.EnableCpuMemArena];
        DisableCpuMemArena = (delegate* unmanaged<nint, nint>)slots[OrtApiSlots.DisableCpuMemArena];
        SetSessionLogSeverityLevel = (delegate* unmanaged<nint, int, nint>)slots[OrtApiSlots.SetSessionLogSeverityLevel];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)slots[OrtApiSlots.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)slots[OrtApiSlots.SetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)slots[OrtApiSlots.SetInterOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)slots[OrtApiSlots.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)slots[OrtApiSlots.SessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)slots[OrtApiSlots.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)slots[OrtApiSlots.SessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)slots[OrtApiSlots.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)slots[OrtApiSlots.SessionGetOutputName];
        CreateRunOptions = (delegate* unmanaged<nint*, nint>)slots[OrtApiSlots.CreateRunOptions];
        RunOptionsSetTerminate = (delegate* unmanaged<nint, nint>)slots[OrtApiSlots.RunOptionsSetTerminate];
        RunOptionsUnsetTerminate = (delegate* unmanaged<nint, nint>)slots[OrtApiSlots.RunOptionsUnsetTerminate];
        CreateTensorAsOrtValue = (delegate* unmanaged<nint, long*, nuint, TensorElementType, nint*, nint>)slots[OrtApiSlots.CreateTensorAsOrtValue];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, TensorElementType, nint*, nint>)slots[OrtApiSlots.CreateTensorWithDataAsOrtValue];
        IsTensor = (delegate* unmanaged<nint, int*, nint>)slots[OrtApiSlots.IsTensor];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)slots[OrtApiSlots.GetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)slots[OrtApiSlots.CastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, OnnxValueType*, nint>)slots[OrtApiSlots.GetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged<nint, TensorElementType*, nint>)slots[OrtApiSlots.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)slots[OrtApiSlots.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)slots[OrtApiSlots.GetDimensions];
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)slots[OrtApiSlots.GetSymbolicDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged<nint, nuint*, nint>)slots[OrtApiSlots.GetTensorShapeElementCount];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)slots[OrtApiSlots.GetTensorTypeAndShape];
        GetValueType = (delegate* unmanaged<nint, OnnxValueType*, nint>)slots[OrtApiSlots.GetValueType];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)slots[OrtApiSlots.CreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)slots[OrtApiSlots.AllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)slots[OrtApiSlots.GetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseSession];
        ReleaseValue = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseValue];
        ReleaseRunOptions = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseRunOptions];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseSessionOptions];
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)slots[OrtApiSlots.GetAvailableProviders];
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)slots[OrtApiSlots.ReleaseAvailableProviders];
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)slots[OrtApiSlots.AddSessionConfigEntry];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<nint, nint, nint>)slots[OrtApiSlots.SessionOptionsAppendExecutionProvider_CUDA_V2];
        CreateCUDAProviderOptions = (delegate* unmanaged<nint*, nint>)slots[OrtApiSlots.CreateCUDAProviderOptions];
        UpdateCUDAProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)slots[OrtApiSlots.UpdateCUDAProviderOptions];
        ReleaseCUDAProviderOptions = (delegate* unmanaged<nint, void>)slots[OrtApiSlots.ReleaseCUDAProviderOptions];
        GetBuildInfoString = (delegate* unmanaged<byte*>)slots[OrtApiSlots.GetBuildInfoString];
    }

    /// <summary>Throws the error a non-zero status carries, after releasing the status; does nothing for success.</summary>
    /// <param name="status">The returned <c>OrtStatus*</c>.</param>
    /// <param name="context">What was being done, e.g. "loading model.onnx"; prefixed to ORT's message.</param>
    public void Check(nint status, string context)
    {
        if (status != 0)
        {
            throw ToException(status, context);
        }
    }

    /// <summary>Turns a non-zero status into an exception and releases it.</summary>
    public OrtException ToException(nint status, string context)
    {
        OrtErrorCode code = GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        return new OrtException(code, $"{context}: {message} (ONNX Runtime {code})");
    }
}
