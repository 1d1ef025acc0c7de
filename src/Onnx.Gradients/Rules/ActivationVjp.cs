using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Point-wise activations, differentiated from their input x or output y: Relu ḡ·[x&gt;0]; LeakyRelu and PRelu
/// ḡ·(x&gt;0 ? 1 : α), with the slope's gradient ḡ·x·[x≤0] summed over its broadcast axes (He et al., "Delving Deep into
/// Rectifiers", ICCV 2015, eq. 4); Sigmoid ḡ·y(1−y); Tanh ḡ(1−y²); Identity and inference-time Dropout ḡ.
/// </summary>
internal sealed class ActivationVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Identity", "Dropout"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        string x = node.Inputs[0], y = node.Outputs[0];
        switch (node.OpType)
        {
            case "Relu":
                Give(c, c.Op("Where", [Positive(c, x), g, c.Scalar(0f)]));
                break;
            case "LeakyRelu":
                Give(c, c.Op("Where", [Positive(c, x), g, c.Op("Mul", [g, c.Scalar(node.Float("alpha", 0.01f))])]));
                break;
            case "PRelu":
                string slope = node.Inputs[1];
                string positive = Positive(c, x);
                Give(c, c.Op("Where", [positive, g, c.Op("Mul", [g, slope])]));
                if (c.NeedsGradient(1))
                {
                    string perElement = c.Op("Where", [positive, c.Scalar(0f), c.Op("Mul", [g, x])]);
                    c.AddGradient(1, c.Unbroadcast(perElement, c.Shape(y), c.Shape(slope)));
                }

                break;
            case "Sigmoid":
                Give(c, c.Op("Mul", [g, c.Op("Mul", [y, c.Op("Sub", [c.Scalar(1f), y])])]));
                break;
            case "Tanh":
                Give(c, c.Op("Mul", [g, c.Op("Sub", [c.Scalar(1f), c.Op("Mul", [y, y])])]));
                break;
            default:
                Give(c, g);
                break;
        }
    }

    private static string Positive(BackwardContext c, string x) => c.Op("Greater", [x, c.Scalar(0f)]);

    private static void Give(BackwardContext c, string gradient)
    {
        if (c.NeedsGradient(0))
        {
            c.AddGradient(0, gradient);
        }
    }
}
