using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Transposed convolution, the adjoint of convolution: the input gradient is the convolution of the output gradient
/// with the same weights and settings; the weight gradient is the correlation of the output gradient (as input) with
/// the input (as output gradient); the bias gradient sums over batch and space.
/// </summary>
internal sealed class ConvTransposeVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["ConvTranspose"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        string x = node.Inputs[0], w = node.Inputs[1];
        long[] xShape = c.Shape(x), wShape = c.Shape(w), yShape = c.Shape(node.Outputs[0]);
        long group = node.Int("group", 1);
        long[] kernel = wShape[2..];
        int n = kernel.Length;
        long[] strides = node.Ints("strides") ?? Enumerable.Repeat(1L, n).ToArray();
        long[] dilations = node.Ints("dilations") ?? Enumerable.Repeat(1L, n).ToArray();
        long[] outputPadding = node.Ints("output_padding") ?? new long[n];

        // Total padding from the shapes: y = s(x−1) + output_padding + (k−1)d + 1 − pads; ONNX puts the smaller half
        // first for SAME_UPPER/NOTSET-with-output_shape and last for SAME_LOWER.
        long[] pads = node.Ints("pads") ?? new long[2 * n];
        string autoPad = node.String("auto_pad", "NOTSET");
        if (node.Ints("output_shape") is not null || autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            for (int i = 0; i < n; i++)
            {
                long total = (strides[i] * (xShape[2 + i] - 1)) + outputPadding[i] + ((kernel[i] - 1) * dilations[i]) + 1 - yShape[2 + i];
                long half = total / 2;
                (pads[i], pads[n + i]) = autoPad == "SAME_LOWER" ? (total - half, half) : (half, total - half);
            }
        }
        else if (autoPad == "VALID")
        {
            pads = new long[2 * n];
        }

        if (c.NeedsGradient(0))
        {
            c.AddGradient(0, c.Op(
                "Conv",
                [g, w],
                OnnxAttribute.Ints("strides", strides),
                OnnxAttribute.Ints("dilations", dilations),
                OnnxAttribute.Ints("pads", pads),
                OnnxAttribute.Int("group", group),
                OnnxAttribute.Ints("kernel_shape", kernel)));
        }

        if (c.NeedsGradient(1))
        {
            // The convolution whose adjoint this node is slides over y and produces x, with the same settings.
            var geometry = ConvGeometry.Explicit(kernel, strides, dilations, pads);
            c.AddGradient(1, geometry.WeightGradient(c, g, yShape, x, xShape, group));
        }

        if (c.NeedsGradient(2))
        {
            c.AddGradient(2, c.ReduceSum(g, [0, .. Enumerable.Range(2, yShape.Length - 2).Select(i => (long)i)], keepDims: false));
        }
    }
}
