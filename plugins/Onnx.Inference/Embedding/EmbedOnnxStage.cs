using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Identity;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Embedding;

/// <summary>
/// A face-recognition embedding (ArcFace-style) from an ONNX model, L2-normalised by default, stored under
/// <see cref="OnnxFacets.Embedding"/> for identity losses and similarity metrics. The face is cropped from its box, or
/// aligned as ArcFace does (<c>align: arcface</c>: 5-point similarity from the 68 landmarks).
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

        if (Options.Align == EmbedAlignment.ArcFace && runner.Width != runner.Height)
        {
            throw Fail($"align: arcface needs a square input; the model's is {runner.Width}×{runner.Height}.");
        }
    }

    /// <inheritdoc />
    protected override void WriteInput(ImageModelRunner runner, int index, Sample sample, ImageBuffer image, CropTransform crop)
    {
        if (Options.Align == EmbedAlignment.Box)
        {
            base.WriteInput(runner, index, sample, image, crop);
            return;
        }

        if (!sample.TryGet(CoreFacets.Landmarks, out Point2[] landmarks) && !sample.TryGet(CoreFacets.TrueLandmarks, out landmarks))
        {
            throw new InvalidDataException($"embed.onnx: sample '{sample.Id}' has no landmarks; align: arcface needs the 68 iBUG landmarks (add a landmarks stage before it).");
        }

        Similarity2 toCrop;
        try
        {
            toCrop = ArcFaceAlignment.Estimate(landmarks);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"embed.onnx: sample '{sample.Id}': {e.Message}", e);
        }

        // The reference points are for 112×112; other input sizes scale them.
        double k = (double)runner.Width / ArcFaceAlignment.Size;
        var scaled = new Similarity2(k * toCrop.A, k * toCrop.B, k * toCrop.Tx, k * toCrop.Ty);
        runner.WriteInput(index, image, scaled.Inverse());
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
