using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Slice with unit steps (operator set 10 and later: bounds as constant inputs): the gradient is the upstream gradient
/// padded with zeros back to the input's shape, the padding on each axis being what the slice cut off.
/// </summary>
internal sealed class SliceVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Slice"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (!c.NeedsGradient(0))
        {
            return;
        }

        string g = c.OutputGradient(0)!;
        long[] xShape = c.Shape(node.Inputs[0]);
        int rank = xShape.Length;
        long[] starts = c.Integers(node.Inputs[1]), ends = c.Integers(node.Inputs[2]);
        long[] axes = node.Input(3).Length > 0 ? c.Integers(node.Inputs[3]) : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        long[] steps = node.Input(4).Length > 0 ? c.Integers(node.Inputs[4]) : Enumerable.Repeat(1L, starts.Length).ToArray();
        var pads = new long[2 * rank];
        for (int i = 0; i < starts.Length; i++)
        {
            if (steps[i] != 1)
            {
                throw c.Unsupported($"only unit steps are differentiated (axis {axes[i]} has step {steps[i]})");
            }

            long axis = axes[i] < 0 ? axes[i] + rank : axes[i];
            long dim = xShape[axis];
            long start = Math.Clamp(starts[i] < 0 ? starts[i] + dim : starts[i], 0, dim);
            long end = Math.Clamp(ends[i] < 0 ? ends[i] + dim : ends[i], 0, dim);
            pads[axis] = start;
            pads[rank + axis] = dim - Math.Max(start, end);
        }

        c.AddGradient(0, c.Op("Pad", [g, c.Int64s(pads)]));
    }
}
