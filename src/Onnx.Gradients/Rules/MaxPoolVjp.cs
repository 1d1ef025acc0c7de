using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Max pooling routes each window's upstream gradient to the element that won the window: the backward model runs the
/// same pooling again for its argmax indices (flat over the whole input) and scatter-adds the gradient there, so
/// that an element winning several overlapping windows gets their sum.
/// </summary>
internal sealed class MaxPoolVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["MaxPool"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (!c.NeedsGradient(0))
        {
            return;
        }

        if (node.Int("storage_order", 0) != 0)
        {
            throw c.Unsupported("column-major storage_order is not differentiated");
        }

        string g = c.OutputGradient(0)!;
        long[] xShape = c.Shape(node.Inputs[0]);
        long size = xShape.Aggregate(1L, (a, d) => a * d);
        string indices = c.Ops("MaxPool", [node.Inputs[0]], 2, [.. node.Attributes.Select(a => a.ToAttribute())])[1];
        string zeros = c.Op("ConstantOfShape", [c.Int64s(size)], OnnxAttribute.Tensor("value", OnnxTensor.FromFloats("zero", [0f], 1)));
        string scattered = c.Op(
            "ScatterElements",
            [zeros, c.Reshape(indices, [-1]), c.Reshape(g, [-1])],
            OnnxAttribute.Int("axis", 0),
            OnnxAttribute.String("reduction", "add"));
        c.AddGradient(0, c.Reshape(scattered, xShape));
    }
}
