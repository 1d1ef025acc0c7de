using System.Collections.Immutable;
using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>
/// Face attributes (gender, age group, ethnicity, ...) from an ONNX classifier with one or more heads: each head's
/// output becomes probabilities over its labels (softmax or sigmoid) and the most probable label, stored by head name
/// under <see cref="OnnxFacets.Attributes"/>.
/// </summary>
[Plugin("classify.onnx", PluginKind.Stage, "1.0.0", "Face attributes from an ONNX classifier: heads with label lists, softmax or sigmoid")]
public sealed class ClassifyOnnxStage : ImageModelStage<ClassifyOnnxOptions>
{
    private (string Name, ClassifierHead Head)[] _heads = [];

    /// <inheritdoc />
    protected override string Id => "classify.onnx";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Outputs()
    {
        if (Options.Heads.Count == 0)
        {
            throw new PluginInputException("classify.onnx: heads must name at least one attribute head.");
        }

        _heads = Options.Heads.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => (h.Key, h.Value)).ToArray();
        IReadOnlyList<Facebench.Onnx.OnnxValueInfo> outputs = Context.GetComponent<Facebench.Onnx.OnnxModel>(Options.Model).Outputs;
        return _heads.Select(h => h.Head.Output.Length > 0 ? h.Head.Output : outputs.Any(o => o.Name == h.Name) || _heads.Length > 1 ? h.Name : "").ToArray();
    }

    /// <inheritdoc />
    protected override void CheckOutputs(ImageModelRunner runner)
    {
        for (int i = 0; i < _heads.Length; i++)
        {
            (string name, ClassifierHead head) = _heads[i];
            long length = Facebench.Onnx.TensorShapes.ElementCount(runner.OutputShapes[i]);
            bool binary = head.Activation == ClassifierActivation.Sigmoid && length == 1 && head.Labels.Count == 2;
            if (head.Labels.Count == 0 || (length != head.Labels.Count && !binary))
            {
                throw Fail($"head '{name}' reads an output of {length} values per sample (shape {Facebench.Onnx.TensorShapes.Format(runner.OutputShapes[i])}) but lists {head.Labels.Count} labels.");
            }
        }
    }

    /// <inheritdoc />
    protected override Sample Decode(Sample sample, int index, CropTransform crop)
    {
        var predictions = ImmutableSortedDictionary.CreateBuilder<string, AttributePrediction>(StringComparer.Ordinal);
        for (int i = 0; i < _heads.Length; i++)
        {
            (string name, ClassifierHead head) = _heads[i];
            double[] scores = Scores(Runner.Output(i, index), head);
            int best = 0;
            for (int k = 1; k < scores.Length; k++)
            {
                best = scores[k] > scores[best] ? k : best;
            }

            var byLabel = head.Labels.Select((l, k) => (l, k)).ToImmutableSortedDictionary(p => p.l, p => scores[p.k], StringComparer.Ordinal);
            predictions[name] = new AttributePrediction(head.Labels[best], scores[best], byLabel);
        }

        return sample.With(OnnxFacets.Attributes, (IReadOnlyDictionary<string, AttributePrediction>)predictions.ToImmutable());
    }

    /// <summary>Probabilities (or scores) per label.</summary>
    public static double[] Scores(ReadOnlySpan<float> raw, ClassifierHead head)
    {
        if (head.Activation == ClassifierActivation.Sigmoid && raw.Length == 1 && head.Labels.Count == 2)
        {
            double p = Sigmoid(raw[0]);
            return [1 - p, p];
        }

        var scores = new double[raw.Length];
        switch (head.Activation)
        {
            case ClassifierActivation.Softmax:
                float max = float.NegativeInfinity;
                foreach (float x in raw)
                {
                    max = Math.Max(max, x);
                }

                double sum = 0;
                for (int k = 0; k < raw.Length; k++)
                {
                    sum += scores[k] = Math.Exp(raw[k] - max);
                }

                for (int k = 0; k < raw.Length; k++)
                {
                    scores[k] /= sum;
                }

                break;
            case ClassifierActivation.Sigmoid:
                for (int k = 0; k < raw.Length; k++)
                {
                    scores[k] = Sigmoid(raw[k]);
                }

                break;
            default:
                for (int k = 0; k < raw.Length; k++)
                {
                    scores[k] = raw[k];
                }

                break;
        }

        return scores;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
