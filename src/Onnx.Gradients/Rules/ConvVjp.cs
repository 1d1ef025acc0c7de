using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Convolution: the input gradient is the transposed convolution of the output gradient with the same weights,
/// strides, dilations, paddings and groups (Dumoulin &amp; Visin, "A guide to convolution arithmetic", 2016, sec. 4);
/// the weight gradient is the correlation of input and output gradient (<see cref="ConvGeometry.WeightGradient"/>);
/// the bias gradient sums the output gradient over batch and space.
/// </summary>
internal sealed class ConvVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Conv"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        string x = node.Inputs[0], w = node.Inputs[1];
        long[] xShape = c.Shape(x), wShape = c.Shape(w), yShape = c.Shape(node.Outputs[0]);
        long group = node.Int("group", 1);
        var geometry = ConvGeometry.Of(node, wShape[2..], xShape[2..], yShape[2..], c);
        if (c.NeedsGradient(0))
        {
            (long[] end, long[] outputPadding) = geometry.Transposed(xShape[2..], yShape[2..]);
            c.AddGradient(0, c.Op(
                "ConvTranspose",
                [g, w],
                OnnxAttribute.Ints("strides", geometry.Strides),
                OnnxAttribute.Ints("dilations", geometry.Dilations),
                OnnxAttribute.Ints("pads", [.. geometry.PadBegin, .. end]),
                OnnxAttribute.Ints("output_padding", outputPadding),
                OnnxAttribute.Int("group", group),
                OnnxAttribute.Ints("kernel_shape", geometry.Kernel)));
        }

        if (c.NeedsGradient(1))
        {
            c.AddGradient(1, geometry.WeightGradient(c, x, xShape, g, yShape, group));
        }

        if (c.NeedsGradient(2))
        {
            c.AddGradient(2, c.ReduceSum(g, [0, .. Enumerable.Range(2, yShape.Length - 2).Select(i => (long)i)], keepDims: false));
        }
    }
}
