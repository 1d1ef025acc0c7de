using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// ReduceSum and ReduceMean: the upstream gradient, with the reduced axes restored as size 1, broadcast back over the
/// input (divided by the number of elements averaged for the mean). Axes come from the attribute (older operator sets)
/// or the constant second input.
/// </summary>
internal sealed class ReduceVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["ReduceSum", "ReduceMean"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (!c.NeedsGradient(0))
        {
            return;
        }

        string g = c.OutputGradient(0)!;
        long[] xShape = c.Shape(node.Inputs[0]);
        int rank = xShape.Length;
        long[] axes = node.Ints("axes") ?? (node.Input(1).Length > 0 ? c.Integers(node.Inputs[1]) : []);
        if (axes.Length == 0)
        {
            if (node.Int("noop_with_empty_axes", 0) != 0)
            {
                c.AddGradient(0, g);
                return;
            }

            axes = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        }

        var reduced = new HashSet<long>(axes.Select(a => a < 0 ? a + rank : a));
        long[] kept = xShape.Select((d, i) => reduced.Contains(i) ? 1L : d).ToArray();
        string spread = c.Op("Expand", [c.Reshape(g, kept), c.Int64s(xShape)]);
        if (node.OpType == "ReduceMean")
        {
            long count = reduced.Aggregate(1L, (a, i) => a * xShape[i]);
            spread = c.Op("Div", [spread, c.Scalar(count)]);
        }

        c.AddGradient(0, spread);
    }
}
