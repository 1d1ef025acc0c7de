using Facebench.Contracts;
using Facebench.Onnx;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>
/// An ONNX model loaded into ONNX Runtime, shared by the stages that name it (<c>landmarks.onnx</c>,
/// <c>classify.onnx</c>, <c>embed.onnx</c>, or any stage asking for an <see cref="OnnxModel"/>). One session serves
/// every worker: ORT runs are thread-safe. Every problem with the library, the file or the providers is a
/// <see cref="PluginInputException"/> naming the model file.
/// </summary>
[Plugin("infer.onnx", PluginKind.Component, "1.0.0", "ONNX model on ONNX Runtime (CPU, or CUDA with a GPU build), shared by stages")]
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

        try
        {
            OrtLibrary library = OrtLibrary.Load(o.Library);
            using var options = new SessionOptions { GraphOptimizationLevel = o.Optimization, IntraOpNumThreads = o.Threads };
            if (o.InterOpThreads > 0)
            {
                options.ExecutionMode = ExecutionMode.Parallel;
                options.InterOpNumThreads = o.InterOpThreads;
            }

            foreach (OnnxProvider provider in o.Providers.Distinct())
            {
                if (provider == OnnxProvider.Cuda)
                {
                    options.AppendExecutionProvider_CUDA(o.Device);
                }
            }

            _model = OnnxModel.Load(o.Path, options);
            Context.Info($"infer.onnx: {_model} on ONNX Runtime {library.Version} ({library.Path}), providers {string.Join(", ", [.. options.Providers, "CPU"])}");
            if (_model.UpgradedFromOpset > 0)
            {
                Context.Warn($"infer.onnx: {o.Path} uses operator set {_model.UpgradedFromOpset}, which ONNX Runtime no longer runs; it was upgraded to {Facebench.Onnx.Format.LegacyOpsetUpgrade.TargetOpset} in memory.");
            }
        }
        catch (OrtLibraryNotFoundException e)
        {
            throw new PluginInputException($"infer.onnx: {e.Message}", o.Path, e);
        }
        catch (Exception e) when (e is OrtException or InvalidDataException or NotSupportedException or FileNotFoundException or InvalidOperationException)
        {
            throw new PluginInputException(e.Message.StartsWith(o.Path, StringComparison.Ordinal) ? e.Message[(o.Path.Length + 2)..] : e.Message, o.Path, e);
        }
    }
}
