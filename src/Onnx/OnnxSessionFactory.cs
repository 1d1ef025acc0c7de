using System.Text.RegularExpressions;
using Facebench.Onnx.Providers;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx;

/// <summary>
/// Creates ONNX Runtime sessions the way Facebench configures them: applies <see cref="OnnxSessionSettings"/> to
/// <see cref="SessionOptions"/>, opts in to CUDA when asked (checking first that its libraries load, and saying in one
/// line why not), falls back to the CPU for <see cref="OnnxProvider.Auto"/>, and turns ONNX Runtime's errors into
/// one-line messages that name the model.
/// </summary>
public static partial class OnnxSessionFactory
{
    /// <summary>ONNX Runtime's name of its CPU provider.</summary>
    public const string CpuProviderName = "CPUExecutionProvider";

    /// <summary>Options with the settings' threads, optimisation level and logging, and only the CPU provider.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A thread count or the device is negative.</exception>
    public static SessionOptions CreateCpuOptions(OnnxSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.InterOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Device);
        var options = new SessionOptions
        {
            IntraOpNumThreads = settings.IntraOpThreads,
            GraphOptimizationLevel = Level(settings.Optimization),
            LogSeverityLevel = settings.LogSeverity,
        };
        if (settings.InterOpThreads > 0)
        {
            options.ExecutionMode = ExecutionMode.ORT_PARALLEL;
            options.InterOpNumThreads = settings.InterOpThreads;
        }

        return options;
    }

    /// <summary>Creates a session for a serialised model on the provider the settings ask for.</summary>
    /// <param name="model">The model's bytes (a <c>ModelProto</c>).</param>
    /// <param name="modelName">What messages call the model (its file).</param>
    /// <param name="settings">Threads, optimisation, provider.</param>
    /// <param name="provider">The provider the session runs on (<see cref="CudaProviderCheck.ProviderName"/> or <see cref="CpuProviderName"/>) and, when <see cref="OnnxProvider.Auto"/> fell back to the CPU, why.</param>
    /// <exception cref="InvalidDataException">ONNX Runtime rejected the model; the message names it and gives ORT's reason in one line.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for and cannot run, or ONNX Runtime's native library cannot be loaded; the message says why in one line.</exception>
    public static InferenceSession Create(byte[] model, string modelName, OnnxSessionSettings settings, out OnnxProviderChoice provider)
    {
        ArgumentNullException.ThrowIfNull(model);
        EnsureNativeLibrary();
        if (settings.Provider == OnnxProvider.Cpu)
        {
            provider = new OnnxProviderChoice(CpuProviderName, null);
            return CreateOnCpu(model, modelName, settings);
        }

        string? problem = CudaProviderCheck.FindProblem();
        if (problem is null)
        {
            using SessionOptions options = CreateCpuOptions(settings);
            try
            {
                options.AppendExecutionProvider_CUDA(settings.Device);
                var session = new InferenceSession(model, options);
                provider = new OnnxProviderChoice(CudaProviderCheck.ProviderName, null);
                return session;
            }
            catch (OnnxRuntimeException e)
            {
                // Either CUDA (no device, a driver too old) or the model; a CPU session tells them apart.
                InferenceSession onCpu = CreateOnCpu(model, modelName, settings);
                problem = $"ONNX Runtime could not start CUDA device {settings.Device}: {OneLine(e.Message)}";
                if (settings.Provider == OnnxProvider.Cuda)
                {
                    onCpu.Dispose();
                    throw new ExecutionProviderUnavailableException(OnnxProvider.Cuda, $"{modelName}: provider cuda is unavailable: {problem}", e);
                }

                provider = new OnnxProviderChoice(CpuProviderName, problem);
                return onCpu;
            }
        }

        if (settings.Provider == OnnxProvider.Cuda)
        {
            throw new ExecutionProviderUnavailableException(OnnxProvider.Cuda, $"{modelName}: provider cuda is unavailable: {problem}");
        }

        provider = new OnnxProviderChoice(CpuProviderName, problem);
        return CreateOnCpu(model, modelName, settings);
    }

    /// <summary>ONNX Runtime's message on one line: its error-code prefix kept, colour escapes and line breaks removed.</summary>
    public static string OneLine(string message) => Whitespace().Replace(AnsiEscape().Replace(message, ""), " ").Trim();

    /// <summary>Loads ONNX Runtime's native library, so that a build without it fails with where it was looked for.</summary>
    /// <exception cref="ExecutionProviderUnavailableException">The library cannot be loaded.</exception>
    private static void EnsureNativeLibrary()
    {
        try
        {
            OrtEnv.Instance();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            Exception cause = e is TypeInitializationException { InnerException: { } inner } ? inner : e;
            throw new ExecutionProviderUnavailableException(
                OnnxProvider.Cpu,
                $"ONNX Runtime's native library {OnnxRuntimeNativeFolder.LibraryFileName} could not be loaded (looked beside the Microsoft.ML.OnnxRuntime assembly: {string.Join(", ", OnnxRuntimeNativeFolder.Candidates())}): {OneLine(cause.Message)}",
                e);
        }
    }

    private static InferenceSession CreateOnCpu(byte[] model, string modelName, OnnxSessionSettings settings)
    {
        using SessionOptions options = CreateCpuOptions(settings);
        try
        {
            return new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{modelName}: ONNX Runtime could not load the model: {OneLine(e.Message)}", e);
        }
    }

    private static GraphOptimizationLevel Level(GraphOptimization optimization) => optimization switch
    {
        GraphOptimization.DisableAll => GraphOptimizationLevel.ORT_DISABLE_ALL,
        GraphOptimization.EnableBasic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        GraphOptimization.EnableExtended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
