using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Embedding;

/// <summary>
/// A face-recognition embedding (ArcFace-style) from an ONNX model, L2-normalised by default, stored under
/// <see cref="OnnxFacets.Embedding"/> for identity losses and similarity metrics.
/// </summary>
[Plugin("embed.onnx", PluginKind.Stage, "1.0.0", "Face embedding from an ONNX recogniser (ArcFace-style), L2-normalised")]
public sealed class EmbedOnnxStage : ImageModelStage<EmbedOnnxOptions>
{
    /// <inheritdoc />
    protected override string Id => "embed.onnx";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Outputs() => [Options.Output];

    /// <inheritdoc />
    protected override void CheckOutputs(ImageModelRunner runner)
    {
        if (Facebench.Onnx.TensorShapes.ElementCount(runner.OutputShapes[0]) == 0)
        {
            throw Fail("the embedding output has no values.");
        }
    }

    /// <inheritdoc />
    protected override Sample Decode(Sample sample, int index, CropTransform crop)
    {
        float[] feature = Runner.Output(0, index).ToArray();
        if (Options.Normalize)
        {
            double norm = Math.Sqrt(feature.Sum(x => (double)x * x));
            if (!(norm > 0) || !double.IsFinite(norm))
            {
                throw new InvalidDataException($"{Runner.Model.Path}: the embedding of sample '{sample.Id}' has length {norm}; it cannot be normalised.");
            }

            for (int i = 0; i < feature.Length; i++)
            {
                feature[i] = (float)(feature[i] / norm);
            }
        }

        return sample.With(OnnxFacets.Embedding, feature);
    }
}
