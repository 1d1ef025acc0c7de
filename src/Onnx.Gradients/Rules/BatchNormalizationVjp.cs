using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Batch normalisation in inference form, y = γ(x − μ)/√(σ² + ε) + β with stored statistics (Ioffe &amp; Szegedy, ICML
/// 2015, alg. 2): x̄ = ḡ·γ/√(σ² + ε) per channel, γ̄ = Σ ḡ(x − μ)/√(σ² + ε), β̄ = Σ ḡ over batch and space. The stored
/// statistics are constants of a trained network and get no gradient.
/// </summary>
internal sealed class BatchNormalizationVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["BatchNormalization"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (node.Int("training_mode", 0) != 0)
        {
            throw c.Unsupported("only the inference form (training_mode = 0) is differentiated");
        }

        if (c.NeedsGradient(3) || c.NeedsGradient(4))
        {
            throw c.Unsupported("the running mean and variance are not differentiated");
        }

        string g = c.OutputGradient(0)!;
        string x = node.Inputs[0], scale = node.Inputs[1], mean = node.Inputs[3], variance = node.Inputs[4];
        long[] xShape = c.Shape(x);
        long channels = xShape.Length > 1 ? xShape[1] : 1;
        long[] perChannel = [channels, .. Enumerable.Repeat(1L, Math.Max(0, xShape.Length - 2))];
        long[] otherAxes = [0, .. Enumerable.Range(2, Math.Max(0, xShape.Length - 2)).Select(i => (long)i)];
        string deviation = c.Reshape(c.Op("Sqrt", [c.Op("Add", [variance, c.Scalar(node.Float("epsilon", 1e-5f))])]), perChannel);
        if (c.NeedsGradient(0))
        {
            c.AddGradient(0, c.Op("Mul", [g, c.Op("Div", [c.Reshape(scale, perChannel), deviation])]));
        }

        if (c.NeedsGradient(1))
        {
            string normalised = c.Op("Div", [c.Op("Sub", [x, c.Reshape(mean, perChannel)]), deviation]);
            c.AddGradient(1, c.ReduceSum(c.Op("Mul", [g, normalised]), otherAxes, keepDims: false));
        }

        if (c.NeedsGradient(2))
        {
            c.AddGradient(2, c.ReduceSum(g, otherAxes, keepDims: false));
        }
    }
}
