using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// The element type of every tensor of a graph, propagated from the inputs, initialisers and constants through the
/// operators' type rules. The shape probe needs them because every graph output must declare its type.
/// </summary>
public static class ElementTypeInference
{
    private static readonly HashSet<string> Int64Ops = new(StringComparer.Ordinal) { "Shape", "Size", "ArgMax", "ArgMin", "NonZero" };
    private static readonly HashSet<string> BoolOps = new(StringComparer.Ordinal) { "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf" };

    /// <summary>Element types by tensor name.</summary>
    public static Dictionary<string, TensorElementType> Infer(OnnxGraph graph)
    {
        var types = new Dictionary<string, TensorElementType>(StringComparer.Ordinal);
        foreach (OnnxGraphValue input in graph.Inputs)
        {
            types[input.Name] = input.ElementType;
        }

        foreach (OnnxTensor tensor in graph.Initializers.Values)
        {
            types[tensor.Name] = tensor.ElementType;
        }

        foreach (OnnxNode node in graph.Nodes)
        {
            TensorElementType first = node.Inputs.Count > 0 && types.TryGetValue(node.Inputs[0], out TensorElementType t) ? t : TensorElementType.Float;
            for (int i = 0; i < node.Outputs.Count; i++)
            {
                types[node.Outputs[i]] = node.OpType switch
                {
                    "Constant" => node.Attribute("value")?.Tensor?.ElementType ?? TensorElementType.Float,
                    "Cast" => (TensorElementType)node.Int("to", (long)TensorElementType.Float),
                    "ConstantOfShape" => node.Attribute("value")?.Tensor?.ElementType ?? TensorElementType.Float,
                    "MaxPool" when i == 1 => TensorElementType.Int64,
                    _ when Int64Ops.Contains(node.OpType) => TensorElementType.Int64,
                    _ when BoolOps.Contains(node.OpType) => TensorElementType.Bool,
                    _ => first,
                };
            }
        }

        return types;
    }
}
