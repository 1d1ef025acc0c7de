using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>Concatenation: each input's gradient is its slab of the upstream gradient along the concatenation axis.</summary>
internal sealed class ConcatVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Concat"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        int rank = c.Shape(node.Outputs[0]).Length;
        long axis = node.Int("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        long offset = 0;
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            long size = c.Shape(node.Inputs[i])[axis];
            if (c.NeedsGradient(i))
            {
                c.AddGradient(i, c.Op("Slice", [g, c.Int64s(offset), c.Int64s(offset + size), c.Int64s(axis)]));
            }

            offset += size;
        }
    }
}
