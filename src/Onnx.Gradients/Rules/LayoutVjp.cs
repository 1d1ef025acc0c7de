using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Operators that only rearrange elements: Reshape, Flatten, Squeeze and Unsqueeze keep the row-major order, so the
/// gradient is the upstream gradient reshaped to the input's shape; Transpose's gradient is the upstream gradient
/// transposed by the inverse permutation.
/// </summary>
internal sealed class LayoutVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (!c.NeedsGradient(0))
        {
            return;
        }

        string g = c.OutputGradient(0)!;
        long[] xShape = c.Shape(node.Inputs[0]);
        if (node.OpType != "Transpose")
        {
            c.AddGradient(0, c.Reshape(g, xShape));
            return;
        }

        long[] perm = node.Ints("perm") ?? Enumerable.Range(0, xShape.Length).Reverse().Select(i => (long)i).ToArray();
        var inverse = new long[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        c.AddGradient(0, c.Transpose(g, inverse));
    }
}
