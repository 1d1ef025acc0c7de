using Facebench.Contracts;
using Facebench.Onnx;
using Facebench.Onnx.Format;
using Facebench.Onnx.Providers;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>
/// An ONNX model loaded into ONNX Runtime (the Microsoft.ML.OnnxRuntime.Gpu package), shared by the stages that name
/// it (<c>landmarks.onnx</c>, <c>classify.onnx</c>, <c>embed.onnx</c>, or any stage asking for an
/// <see cref="OnnxModel"/>). One session serves every worker: ONNX Runtime's runs are thread-safe. Every problem with
/// the file or the provider is a <see cref="PluginInputException"/> naming the model file; <c>provider: auto</c> that
/// settles on the CPU says why in a warning.
/// </summary>
[Plugin("infer.onnx", PluginKind.Component, "2.0.0", "ONNX model on ONNX Runtime (CPU by default, CUDA opt-in), shared by stages")]
public sealed class InferOnnxComponent : Plugin<InferOnnxOptions>, IComponent<OnnxModel>
{
    private OnnxModel? _model;

    /// <inheritdoc />
    public OnnxModel Instance => _model ?? throw new InvalidOperationException("infer.onnx was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        InferOnnxOptions o = Options;
        if (o.Threads < 0 || o.InterOpThreads < 0 || o.Device < 0)
        {
            throw new PluginInputException($"infer.onnx: threads, inter_op_threads and device must be 0 or more (got {o.Threads}, {o.InterOpThreads}, {o.Device}).", o.Path);
        }

        var settings = new OnnxSessionSettings
        {
            IntraOpThreads = o.Threads,
            InterOpThreads = o.InterOpThreads,
            Optimization = o.Optimization,
            Provider = o.Provider,
            Device = o.Device,
        };
        try
        {
            _model = OnnxModel.Load(o.Path, settings);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or FileNotFoundException or ExecutionProviderUnavailableException)
        {
            throw new PluginInputException(e.Message.StartsWith(o.Path + ": ", StringComparison.Ordinal) ? e.Message[(o.Path.Length + 2)..] : e.Message, o.Path, e);
        }

        if (_model.Provider.FallbackReason is { } reason)
        {
            Context.Warn($"infer.onnx: provider auto runs {o.Path} on the CPU: {reason}");
        }

        if (_model.UpgradedFromOpset > 0)
        {
            Context.Warn($"infer.onnx: {o.Path} uses operator set {_model.UpgradedFromOpset}, which ONNX Runtime no longer fully runs; it was upgraded to {LegacyOpsetUpgrade.TargetOpset} in memory.");
        }

        Context.Info($"infer.onnx: {_model} on ONNX Runtime {OrtEnv.Instance().GetVersionString()}, {_model.Provider.Name}");
    }
}
