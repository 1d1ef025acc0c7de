using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// Builds the backward model of an ONNX graph: the forward nodes the seeds need, followed by the vector-Jacobian
/// products of each node in reverse topological order (reverse-mode automatic differentiation; Griewank &amp; Walther,
/// "Evaluating Derivatives", 2nd ed., 2008, sec. 3.2), specialised to concrete input shapes. Its inputs are the forward
/// inputs and one upstream gradient per seed (<c>{seed}__grad</c>); its outputs are the seeds' forward values and the
/// gradients <c>{x}__grad</c> of the requested inputs and initialisers. ONNX Runtime runs it like any model.
/// </summary>
public static class ReverseModeDifferentiation
{
    /// <summary>The lowest operator set of the backward model (ScatterElements with reduction needs 16).</summary>
    public const long MinimumOpset = 17;

    /// <summary>Operators whose outputs carry no gradient (shapes, comparisons, indices).</summary>
    private static readonly HashSet<string> NonDifferentiable = new(StringComparer.Ordinal)
    {
        "Shape", "Size", "Constant", "ConstantOfShape", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual",
        "Not", "And", "Or", "Xor", "ArgMax", "ArgMin", "NonZero", "IsNaN", "IsInf", "Range",
    };

    /// <summary>Operators whose interface changed between operator sets 7 and 13; older forward nodes are not copied.</summary>
    private static readonly HashSet<string> ChangedBefore13 = new(StringComparer.Ordinal)
    {
        "Slice", "ReduceSum", "Resize", "Upsample", "Squeeze", "Unsqueeze", "Split", "Pad", "Clip", "Dropout", "Softmax", "LogSoftmax", "Hardmax",
    };

    /// <summary>The operators with a gradient rule.</summary>
    public static IReadOnlyCollection<string> SupportedOperators => [.. VjpRules.All.Keys];

    /// <summary>Builds the backward model's bytes.</summary>
    /// <exception cref="NotSupportedException">An operator on the gradient's path has no rule; the message names it and its node.</exception>
    /// <exception cref="ArgumentException">A seed or a tensor to differentiate with respect to is not in the graph.</exception>
    public static byte[] Build(OnnxGraph graph, GradientRequest request)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
        long opset = Math.Max(MinimumOpset, graph.DefaultOpset);
        Dictionary<string, OnnxNode> producers = graph.Producers();
        var known = new HashSet<string>(graph.Inputs.Select(i => i.Name).Concat(graph.Initializers.Keys).Concat(producers.Keys), StringComparer.Ordinal);
        foreach (string name in request.Seeds.Concat(request.WithRespectTo).Where(n => !known.Contains(n)))
        {
            throw new ArgumentException($"the graph has no tensor '{name}'.");
        }

        foreach (string name in request.WithRespectTo.Where(n => producers.ContainsKey(n)))
        {
            throw new ArgumentException($"'{name}' is computed by {producers[name].Describe()}; differentiate with respect to graph inputs or initialisers.");
        }

        List<OnnxNode> forward = NodesNeededFor(graph, producers, request.Seeds);
        CheckOperatorSets(graph, forward);
        TensorFacts facts = TensorFacts.Probe(graph, forward, request.InputShapes, opset);
        HashSet<string> needsGradient = PropagateNeed(forward, request.WithRespectTo);

        var builder = new OnnxModelBuilder(opset);
        foreach (OnnxGraphValue input in graph.Inputs)
        {
            builder.Input(input.Name, input.ElementType, facts.Shape(input.Name));
        }

        foreach (OnnxTensor tensor in graph.Initializers.Values)
        {
            builder.Initializer(tensor);
        }

        foreach (OnnxNode node in forward)
        {
            builder.Node(node.OpType, [.. node.Inputs], [.. node.Outputs], [.. node.Attributes.Select(a => a.ToAttribute())]);
        }

        var contributions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string seed in request.Seeds)
        {
            string upstream = GradientRequest.UpstreamName(seed);
            builder.Input(upstream, TensorElementType.Float, facts.Shape(seed));
            contributions[seed] = [upstream];
        }

        var gradients = new Dictionary<string, string>(StringComparer.Ordinal);
        var context = new BackwardContext(builder, facts, needsGradient, contributions, gradients);
        for (int n = forward.Count - 1; n >= 0; n--)
        {
            OnnxNode node = forward[n];
            context.Node = node;
            bool any = false;
            foreach (string output in node.Outputs)
            {
                if (contributions.TryGetValue(output, out List<string>? list) && needsGradient.Contains(output))
                {
                    gradients[output] = Total(context, list);
                    any = true;
                }
            }

            if (!any)
            {
                continue;
            }

            if (node.Domain is not ("" or "ai.onnx") || !VjpRules.All.TryGetValue(node.OpType, out IVjpRule? rule))
            {
                throw new NotSupportedException($"cannot differentiate {node.Describe()}: operator {(node.Domain.Length > 0 ? node.Domain + "." : "")}{node.OpType} has no gradient rule (supported: {string.Join(", ", SupportedOperators.Order(StringComparer.Ordinal))}).");
            }

            rule.Backward(node, context);
        }

        foreach (string seed in request.Seeds)
        {
            builder.Output(seed, TensorElementType.Float, facts.Shape(seed));
        }

        foreach (string x in request.WithRespectTo)
        {
            long[] shape = facts.Shape(x);
            string gradient = contributions.TryGetValue(x, out List<string>? list)
                ? Total(context, list)
                : context.Op("ConstantOfShape", [context.Int64s(shape)], OnnxAttribute.Tensor("value", OnnxTensor.FromFloats("zero", [0f], 1)));
            builder.Node("Identity", [gradient], [GradientRequest.GradientName(x)]);
            builder.Output(GradientRequest.GradientName(x), TensorElementType.Float, shape);
        }

        return builder.ToBytes();
    }

    /// <summary>Reads a model file and builds its backward model.</summary>
    public static byte[] Build(string modelPath, GradientRequest request)
    {
        OnnxGraph graph = OnnxGraph.ReadFile(modelPath);
        try
        {
            return Build(graph, request);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidDataException)
        {
            throw e is NotSupportedException ? new NotSupportedException($"{modelPath}: {e.Message}", e) : new InvalidDataException($"{modelPath}: {e.Message}", e);
        }
    }

    private static string Total(BackwardContext context, List<string> contributions)
    {
        if (contributions.Count > 1)
        {
            string sum = context.Op("Sum", [.. contributions]);
            contributions.Clear();
            contributions.Add(sum);
        }

        return contributions[0];
    }

    /// <summary>The nodes the seeds depend on, in the graph's order.</summary>
    private static List<OnnxNode> NodesNeededFor(OnnxGraph graph, Dictionary<string, OnnxNode> producers, IEnumerable<string> seeds)
    {
        var needed = new HashSet<OnnxNode>();
        var pending = new Stack<string>(seeds);
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

        return graph.Nodes.Where(needed.Contains).ToList();
    }

    /// <summary>The tensors that depend differentiably on the tensors to differentiate with respect to.</summary>
    private static HashSet<string> PropagateNeed(List<OnnxNode> nodes, IEnumerable<string> withRespectTo)
    {
        var need = new HashSet<string>(withRespectTo, StringComparer.Ordinal);
        foreach (OnnxNode node in nodes)
        {
            if (!NonDifferentiable.Contains(node.OpType) && node.Inputs.Any(need.Contains))
            {
                foreach (string output in node.Outputs)
                {
                    need.Add(output);
                }
            }
        }

        // MaxPool's indices and similar integer outputs carry no gradient.
        foreach (OnnxNode node in nodes.Where(n => n.OpType == "MaxPool" && n.Outputs.Count > 1))
        {
            need.Remove(node.Outputs[1]);
        }

        return need;
    }

    /// <summary>Refuses nodes written for an operator set whose interface the backward (opset 17) model would misread.</summary>
    internal static void CheckOperatorSets(OnnxGraph graph, IEnumerable<OnnxNode> nodes)
    {
        if (graph.DefaultOpset >= 13)
        {
            return;
        }

        foreach (OnnxNode node in nodes.Where(n => ChangedBefore13.Contains(n.OpType)))
        {
            throw new NotSupportedException($"{node.Describe()} is written for operator set {graph.DefaultOpset}, and {node.OpType} changed its interface by operator set 13, which the backward model uses; export the model at operator set 13 or later.");
        }
    }
}
