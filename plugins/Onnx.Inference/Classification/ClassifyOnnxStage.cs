using System.Collections.Immutable;
using Facebench.Annotations.Labels;
using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>
/// Face attributes (gender, age group, ethnicity, ...) from an ONNX classifier with one or more heads: each head's
/// output becomes probabilities over its labels (softmax or sigmoid) and the most probable label, stored by head name
/// under <see cref="OnnxFacets.Attributes"/>. SSR-Net models (age and gender of faceplugin-face-recognition-js) decode
/// with <see cref="HeadDecoder.SsrNet"/>.
/// </summary>
[Plugin("classify.onnx", PluginKind.Stage, "1.0.0", "Face attributes from an ONNX classifier: heads with label lists, softmax or sigmoid")]
public sealed class ClassifyOnnxStage : ImageModelStage<ClassifyOnnxOptions>
{
    private (string Name, ClassifierHead Head, int FirstOutput)[] _heads = [];

    /// <inheritdoc />
    protected override string Id => "classify.onnx";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Outputs()
    {
        if (Options.Heads.Count == 0)
        {
            throw new PluginInputException("classify.onnx: heads must name at least one attribute head.");
        }

        IReadOnlyList<Facebench.Onnx.OnnxValueInfo> outputs = Context.GetComponent<Facebench.Onnx.OnnxModel>(Options.Model).Outputs;
        var names = new List<string>();
        var heads = new List<(string, ClassifierHead, int)>();
        foreach (var (name, head) in Options.Heads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            heads.Add((name, head, names.Count));
            if (head.Decoder == HeadDecoder.SsrNet)
            {
                names.AddRange(SsrNetRegression.OutputNames);
            }
            else
            {
                names.Add(head.Output.Length > 0 ? head.Output : outputs.Any(o => o.Name == name) || Options.Heads.Count > 1 ? name : "");
            }
        }

        _heads = [.. heads];
        return names;
    }

    /// <inheritdoc />
    protected override void CheckOutputs(ImageModelRunner runner)
    {
        foreach ((string name, ClassifierHead head, int first) in _heads)
        {
            if (head.Decoder == HeadDecoder.SsrNet)
            {
                CheckSsrNet(runner, name, head, first);
                continue;
            }

            long length = Facebench.Onnx.TensorShapes.ElementCount(runner.OutputShapes[first]);
            bool binary = head.Activation == ClassifierActivation.Sigmoid && length == 1 && head.Labels.Count == 2;
            if (head.Labels.Count == 0 || (length != head.Labels.Count && !binary))
            {
                throw Fail($"head '{name}' reads an output of {length} values per sample (shape {Facebench.Onnx.TensorShapes.Format(runner.OutputShapes[first])}) but lists {head.Labels.Count} labels.");
            }
        }
    }

    /// <inheritdoc />
    protected override Sample Decode(Sample sample, int index, CropTransform crop)
    {
        // Heads of earlier classifiers (another classify.onnx stage, a probe) are kept; a head of the same name is replaced.
        var predictions = ImmutableSortedDictionary.CreateBuilder<string, AttributePrediction>(StringComparer.Ordinal);
        if (sample.TryGet(OnnxFacets.Attributes, out var earlier))
        {
            predictions.AddRange(earlier);
        }

        foreach ((string name, ClassifierHead head, int first) in _heads)
        {
            predictions[name] = head.Decoder == HeadDecoder.SsrNet
                ? SsrNetPrediction(head, SsrNetRegression.Merge(k => Runner.Output(first + k, index), head.Range))
                : ScorePrediction(head, Scores(Runner.Output(first, index), head));
        }

        return sample.With(OnnxFacets.Attributes, (IReadOnlyDictionary<string, AttributePrediction>)predictions.ToImmutable());
    }

    /// <summary>
    /// An SSR-Net head's prediction from its regressed value: with two labels the value, clipped to [0, 1], is the
    /// second label's probability; with none it is an age in years, labelled with FairFace's age group.
    /// </summary>
    public static AttributePrediction SsrNetPrediction(ClassifierHead head, double value)
    {
        if (head.Labels.Count == 2)
        {
            double p = Math.Clamp(value, 0, 1);
            var scores = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(head.Labels[0], 1 - p), KeyValuePair.Create(head.Labels[1], p)]);
            return p >= 0.5 ? new AttributePrediction(head.Labels[1], p, scores, value) : new AttributePrediction(head.Labels[0], 1 - p, scores, value);
        }

        string group = AgeGroups.Of((int)Math.Round(Math.Max(0, value)));
        return new AttributePrediction(group, 1, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(group, 1.0)]), value);
    }

    private static AttributePrediction ScorePrediction(ClassifierHead head, double[] scores)
    {
        int best = 0;
        for (int k = 1; k < scores.Length; k++)
        {
            best = scores[k] > scores[best] ? k : best;
        }

        var byLabel = head.Labels.Select((l, k) => (l, k)).ToImmutableSortedDictionary(p => p.l, p => scores[p.k], StringComparer.Ordinal);
        return new AttributePrediction(head.Labels[best], scores[best], byLabel);
    }

    private void CheckSsrNet(ImageModelRunner runner, string name, ClassifierHead head, int first)
    {
        if (head.Labels.Count is not (0 or 2) || !(head.Range > 0 && double.IsFinite(head.Range)))
        {
            throw Fail($"head '{name}' (ssr_net) needs two labels (a binary score) or none (an age), and a positive range; it has {head.Labels.Count} labels and range {head.Range}.");
        }

        for (int k = 0; k < SsrNetRegression.Stages; k++)
        {
            long bins = Facebench.Onnx.TensorShapes.ElementCount(runner.OutputShapes[first + k]);
            long delta = Facebench.Onnx.TensorShapes.ElementCount(runner.OutputShapes[first + 3 + k]);
            long offsets = Facebench.Onnx.TensorShapes.ElementCount(runner.OutputShapes[first + 6 + k]);
            if (bins < 1 || delta != 1 || offsets != bins)
            {
                throw Fail($"head '{name}' (ssr_net): stage {k + 1} has {bins} bin probabilities, {delta} range scales and {offsets} index offsets per sample; SSR-Net has s bins, one scale and s offsets.");
            }
        }
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
