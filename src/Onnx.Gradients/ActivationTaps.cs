using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// A forward model that exposes chosen intermediate activations as extra graph outputs (for content losses, which
/// compare a network's hidden features of two images; Gatys et al., "Image style transfer using convolutional neural
/// networks", CVPR 2016, eq. 1), keeping only the nodes those outputs need.
/// </summary>
public static class ActivationTaps
{
    /// <summary>The model's bytes with <paramref name="outputs"/> (graph outputs or any node outputs) as its outputs.</summary>
    /// <exception cref="ArgumentException">A name is not a tensor of the graph.</exception>
    public static byte[] Build(OnnxGraph graph, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Dictionary<string, OnnxNode> producers = graph.Producers();
        foreach (string name in outputs.Where(n => !producers.ContainsKey(n) && graph.Inputs.All(i => i.Name != n)))
        {
            throw new ArgumentException($"the graph has no computed tensor '{name}'.");
        }

        var needed = new HashSet<OnnxNode>();
        var pending = new Stack<string>(outputs);
        while (pending.Count > 0)
        {
            if (producers.TryGetValue(pending.Pop(), out OnnxNode? node) && needed.Add(node))
            {
                foreach (string input in node.Inputs.Where(i => i.Length > 0))
                {
                    pending.Push(input);
                }
            }
        }

        ReverseModeDifferentiation.CheckOperatorSets(graph, needed);
        Dictionary<string, TensorElementType> types = ElementTypeInference.Infer(graph);
        var builder = new OnnxModelBuilder(Math.Max(ReverseModeDifferentiation.MinimumOpset, graph.DefaultOpset));
        foreach (OnnxGraphValue input in graph.Inputs)
        {
            builder.Input(input.Name, input.ElementType, input.Dims ?? []);
        }

        foreach (OnnxTensor tensor in graph.Initializers.Values)
        {
            builder.Initializer(tensor);
        }

        foreach (OnnxNode node in graph.Nodes.Where(needed.Contains))
        {
            builder.Node(node.OpType, [.. node.Inputs], [.. node.Outputs], [.. node.Attributes.Select(a => a.ToAttribute())]);
        }

        foreach (string output in outputs)
        {
            builder.OutputOfAnyShape(output, types[output]);
        }

        return builder.ToBytes();
    }
}
