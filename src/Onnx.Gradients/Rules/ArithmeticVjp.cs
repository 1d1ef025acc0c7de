using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Element-wise binary arithmetic with NumPy broadcasting, and the square root: for z = f(a, b) the operand gradients
/// are ∂f/∂a·ḡ and ∂f/∂b·ḡ, summed over the broadcast axes (<see cref="BackwardContext.Unbroadcast"/>).
/// Add: (ḡ, ḡ); Sub: (ḡ, −ḡ); Mul: (ḡb, ḡa); Div: (ḡ/b, −ḡz/b); Pow: (ḡ·b·a^(b−1), ḡ·z·ln a); Sqrt: ḡ/(2z).
/// </summary>
internal sealed class ArithmeticVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Neg"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        string y = node.Outputs[0];
        if (node.OpType is "Sqrt" or "Neg")
        {
            if (c.NeedsGradient(0))
            {
                c.AddGradient(0, node.OpType == "Neg" ? c.Op("Neg", [g]) : c.Op("Div", [c.Op("Mul", [g, c.Scalar(0.5f)]), y]));
            }

            return;
        }

        string a = node.Inputs[0], b = node.Inputs[1];
        long[] yShape = c.Shape(y);
        if (c.NeedsGradient(0))
        {
            string ga = node.OpType switch
            {
                "Add" or "Sub" => g,
                "Mul" => c.Op("Mul", [g, b]),
                "Div" => c.Op("Div", [g, b]),
                _ => c.Op("Mul", [g, c.Op("Mul", [b, c.Op("Pow", [a, c.Op("Sub", [b, c.Scalar(1f)])])])]),
            };
            c.AddGradient(0, c.Unbroadcast(ga, yShape, c.Shape(a)));
        }

        if (c.NeedsGradient(1))
        {
            string gb = node.OpType switch
            {
                "Add" => g,
                "Sub" => c.Op("Neg", [g]),
                "Mul" => c.Op("Mul", [g, a]),
                "Div" => c.Op("Neg", [c.Op("Div", [c.Op("Mul", [g, y]), b])]),
                _ => c.Op("Mul", [g, c.Op("Mul", [y, c.Op("Log", [a])])]),
            };
            c.AddGradient(1, c.Unbroadcast(gb, yShape, c.Shape(b)));
        }
    }
}
