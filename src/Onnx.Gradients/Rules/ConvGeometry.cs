using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// The spatial geometry of a convolution or pooling node (kernel, strides, dilations, begin and end paddings), with
/// <c>auto_pad</c> resolved to explicit paddings from the concrete shapes, and the transposed-convolution settings that
/// map an output-sized gradient back onto the input exactly.
/// </summary>
internal sealed class ConvGeometry
{
    private ConvGeometry(long[] kernel, long[] strides, long[] dilations, long[] padBegin, long[] padEnd)
    {
        Kernel = kernel;
        Strides = strides;
        Dilations = dilations;
        PadBegin = padBegin;
        PadEnd = padEnd;
    }

    public long[] Kernel { get; }

    public long[] Strides { get; }

    public long[] Dilations { get; }

    public long[] PadBegin { get; }

    public long[] PadEnd { get; }

    public long[] Pads => [.. PadBegin, .. PadEnd];

    /// <summary>A geometry from explicit settings.</summary>
    public static ConvGeometry Explicit(long[] kernel, long[] strides, long[] dilations, long[] pads) =>
        new(kernel, strides, dilations, pads[..kernel.Length], pads[kernel.Length..]);

    /// <summary>The geometry of a node whose window slides over <paramref name="input"/> to give <paramref name="output"/>.</summary>
    public static ConvGeometry Of(OnnxNode node, long[] kernel, long[] input, long[] output, BackwardContext c)
    {
        int n = kernel.Length;
        long[] strides = node.Ints("strides") ?? Ones(n);
        long[] dilations = node.Ints("dilations") ?? Ones(n);
        long[] pads = node.Ints("pads") ?? new long[2 * n];
        string autoPad = node.String("auto_pad", "NOTSET");
        long[] begin = pads[..n], end = pads[n..];
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            for (int i = 0; i < n; i++)
            {
                long total = Math.Max(0, ((output[i] - 1) * strides[i]) + ((kernel[i] - 1) * dilations[i]) + 1 - input[i]);
                long small = total / 2;
                (begin[i], end[i]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
            }
        }
        else if (autoPad == "VALID")
        {
            begin = new long[n];
            end = new long[n];
        }
        else if (autoPad != "NOTSET")
        {
            throw c.Unsupported($"auto_pad '{autoPad}' is not an ONNX value");
        }

        return new ConvGeometry(kernel, strides, dilations, begin, end);
    }

    /// <summary>
    /// End paddings and output padding for a transposed convolution that maps a gradient of spatial size
    /// <paramref name="output"/> back to size <paramref name="input"/>: windows that ran past the input (ceil mode,
    /// floor division) lose what fell outside.
    /// </summary>
    public (long[] PadEnd, long[] OutputPadding) Transposed(long[] input, long[] output)
    {
        int n = Kernel.Length;
        var end = new long[n];
        var extra = new long[n];
        for (int i = 0; i < n; i++)
        {
            long excess = ((output[i] - 1) * Strides[i]) + ((Kernel[i] - 1) * Dilations[i]) + 1 - PadBegin[i] - input[i];
            (end[i], extra[i]) = excess >= 0 ? (excess, 0L) : (0L, -excess);
        }

        return (end, extra);
    }

    /// <summary>
    /// The gradient of a (grouped) convolution's weights: w̄[m,c,k] = Σ_{n,o} x[n, c, o·s + k·d − p] ḡ[n, m, o], computed as
    /// a convolution of the input (channels as batch, batch as channels) with the output gradient as the kernel, whose
    /// stride is the original dilation and whose dilation is the original stride; returns [M, C/group, *kernel].
    /// </summary>
    public string WeightGradient(BackwardContext c, string input, long[] x, string outputGradient, long[] g, long group)
    {
        long batch = x[0], channels = x[1], outChannels = g[1];
        long[] spatial = x[2..], outSpatial = g[2..];
        int n = spatial.Length;
        long[] Rest(int from) => Enumerable.Range(from, n).Select(i => (long)i).ToArray();
        string grouped = c.Reshape(input, [batch, group, channels / group, .. spatial]);
        grouped = c.Transpose(grouped, [2, 1, 0, .. Rest(3)]);
        grouped = c.Reshape(grouped, [channels / group, group * batch, .. spatial]);
        string kernel = c.Transpose(outputGradient, [1, 0, .. Rest(2)]);
        string correlation = c.Op(
            "Conv",
            [grouped, kernel],
            OnnxAttribute.Ints("strides", Dilations),
            OnnxAttribute.Ints("dilations", Strides),
            OnnxAttribute.Ints("pads", Pads),
            OnnxAttribute.Int("group", group),
            OnnxAttribute.Ints("kernel_shape", outSpatial));
        string cropped = c.Op("Slice", [correlation, c.Int64s(new long[n]), c.Int64s(Kernel), c.Int64s(Rest(2))]);
        return c.Transpose(cropped, [1, 0, .. Rest(2)]);
    }

    private static long[] Ones(int n) => Enumerable.Repeat(1L, n).ToArray();
}
