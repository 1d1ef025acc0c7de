using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Average pooling is a per-channel convolution with constant weights 1/count, so its gradient is a transposed grouped
/// convolution of the upstream gradient divided by each window's element count (which differs at the borders when
/// padding is not counted) with a kernel of ones. Global average pooling spreads ḡ/(H·W) over the plane.
/// </summary>
internal sealed class AveragePoolVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["AveragePool", "GlobalAveragePool"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (!c.NeedsGradient(0))
        {
            return;
        }

        string g = c.OutputGradient(0)!;
        long[] xShape = c.Shape(node.Inputs[0]), yShape = c.Shape(node.Outputs[0]);
        if (node.OpType == "GlobalAveragePool")
        {
            long area = xShape[2..].Aggregate(1L, (a, d) => a * d);
            c.AddGradient(0, c.Op("Expand", [c.Op("Div", [g, c.Scalar(area)]), c.Int64s(xShape)]));
            return;
        }

        long[] kernel = node.Ints("kernel_shape") ?? throw c.Unsupported("kernel_shape is missing");
        if (node.Ints("dilations") is { } dilations && dilations.Any(d => d != 1))
        {
            throw c.Unsupported("dilated average pooling is not differentiated");
        }

        long[] spatial = xShape[2..], outSpatial = yShape[2..];
        var geometry = ConvGeometry.Of(node, kernel, spatial, outSpatial, c);
        bool countPadding = node.Int("count_include_pad", 0) != 0;
        float[] counts = Counts(geometry, spatial, outSpatial, countPadding);
        string perWindow = c.Op("Div", [g, c.Floats(counts, [1, 1, .. outSpatial])]);
        long channels = xShape[1];
        float[] ones = Enumerable.Repeat(1f, (int)(channels * kernel.Aggregate(1L, (a, k) => a * k))).ToArray();
        (long[] end, long[] outputPadding) = geometry.Transposed(spatial, outSpatial);
        c.AddGradient(0, c.Op(
            "ConvTranspose",
            [perWindow, c.Floats(ones, [channels, 1, .. kernel])],
            OnnxAttribute.Ints("strides", geometry.Strides),
            OnnxAttribute.Ints("pads", [.. geometry.PadBegin, .. end]),
            OnnxAttribute.Ints("output_padding", outputPadding),
            OnnxAttribute.Int("group", channels),
            OnnxAttribute.Ints("kernel_shape", kernel)));
    }

    /// <summary>The number of elements each output averages: the window clipped to the input, or to the padded input.</summary>
    private static float[] Counts(ConvGeometry geometry, long[] spatial, long[] outSpatial, bool countPadding)
    {
        int n = spatial.Length;
        var perAxis = new long[n][];
        for (int a = 0; a < n; a++)
        {
            long low = countPadding ? -geometry.PadBegin[a] : 0;
            long high = countPadding ? spatial[a] + geometry.PadEnd[a] : spatial[a];
            perAxis[a] = new long[outSpatial[a]];
            for (long o = 0; o < outSpatial[a]; o++)
            {
                long start = (o * geometry.Strides[a]) - geometry.PadBegin[a];
                perAxis[a][o] = Math.Min(start + geometry.Kernel[a], high) - Math.Max(start, low);
            }
        }

        long total = outSpatial.Aggregate(1L, (x, d) => x * d);
        var counts = new float[total];
        for (long i = 0; i < total; i++)
        {
            long rest = i, count = 1;
            for (int a = n - 1; a >= 0; a--)
            {
                count *= perAxis[a][rest % outSpatial[a]];
                rest /= outSpatial[a];
            }

            counts[i] = count;
        }

        return counts;
    }
}
