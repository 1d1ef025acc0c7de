using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// What a <see cref="IVjpRule"/> sees while it emits one node's backward pass: the upstream gradients of the node's
/// outputs, which inputs need gradients, the tensors' concrete shapes and constant values, and helpers that add
/// nodes and constants to the backward model under fresh names.
/// </summary>
public sealed class BackwardContext
{
    private readonly OnnxModelBuilder _builder;
    private readonly TensorFacts _facts;
    private readonly ISet<string> _needsGradient;
    private readonly Dictionary<string, List<string>> _contributions;
    private readonly Dictionary<string, string> _gradients;
    private int _fresh;

    internal BackwardContext(OnnxModelBuilder builder, TensorFacts facts, ISet<string> needsGradient, Dictionary<string, List<string>> contributions, Dictionary<string, string> gradients)
    {
        _builder = builder;
        _facts = facts;
        _needsGradient = needsGradient;
        _contributions = contributions;
        _gradients = gradients;
    }

    /// <summary>The node whose backward pass is being emitted (for messages).</summary>
    public OnnxNode Node { get; internal set; } = null!;

    /// <summary>The upstream gradient of the node's output <paramref name="index"/>, or null when none flows back.</summary>
    public string? OutputGradient(int index) => index < Node.Outputs.Count && _gradients.TryGetValue(Node.Outputs[index], out string? g) ? g : null;

    /// <summary>True when the node's input <paramref name="index"/> needs a gradient.</summary>
    public bool NeedsGradient(int index) => Node.Input(index) is { Length: > 0 } input && _needsGradient.Contains(input);

    /// <summary>Adds a contribution to the gradient of the node's input <paramref name="index"/>.</summary>
    public void AddGradient(int index, string gradient)
    {
        string input = Node.Inputs[index];
        if (!_contributions.TryGetValue(input, out List<string>? list))
        {
            _contributions[input] = list = [];
        }

        list.Add(gradient);
    }

    /// <summary>The concrete shape of a tensor.</summary>
    public long[] Shape(string tensor) => _facts.Shape(tensor);

    /// <summary>The integer values of a constant tensor (initialiser, <c>Constant</c> or computed shape).</summary>
    /// <exception cref="NotSupportedException">The values are not known when the backward model is built.</exception>
    public long[] Integers(string tensor) => _facts.Integers(tensor)
        ?? throw new NotSupportedException($"cannot differentiate {Node.Describe()}: its input '{tensor}' must be a constant integer tensor.");

    /// <summary>The float values of a constant tensor, or null.</summary>
    public float[]? FloatValues(string tensor) => _facts.FloatValues(tensor);

    /// <summary>A gradient of this node that cannot be computed: the message names the node and the reason.</summary>
    public NotSupportedException Unsupported(string why) => new($"cannot differentiate {Node.Describe()}: {why}.");

    /// <summary>Adds a node with one output and returns the output's fresh name.</summary>
    public string Op(string opType, string[] inputs, params OnnxAttribute[] attributes) => Ops(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their fresh names.</summary>
    public string[] Ops(string opType, string[] inputs, int outputs, params OnnxAttribute[] attributes)
    {
        string[] names = Enumerable.Range(0, outputs).Select(_ => Fresh(opType)).ToArray();
        _builder.Node(opType, inputs, names, attributes);
        return names;
    }

    /// <summary>An int64 constant (an initialiser) and its name.</summary>
    public string Int64s(params long[] values) => Int64Tensor(values, values.Length);

    /// <summary>An int64 constant of the given dimensions.</summary>
    public string Int64Tensor(long[] values, params long[] dims)
    {
        string name = Fresh("const");
        _builder.Initializer(OnnxTensor.From<long>(name, values, dims));
        return name;
    }

    /// <summary>A float constant of the given dimensions.</summary>
    public string Floats(float[] values, params long[] dims)
    {
        string name = Fresh("const");
        _builder.Initializer(OnnxTensor.FromFloats(name, values, dims));
        return name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Scalar(float value) => Floats([value]);

    /// <summary>The tensor reshaped to <paramref name="shape"/>.</summary>
    public string Reshape(string tensor, long[] shape) => Op("Reshape", [tensor, Int64s(shape)]);

    /// <summary>The tensor with its axes permuted.</summary>
    public string Transpose(string tensor, params long[] perm) => Op("Transpose", [tensor], OnnxAttribute.Ints("perm", perm));

    /// <summary>The sum over <paramref name="axes"/>; all of them when empty, with size-1 axes kept or not.</summary>
    public string ReduceSum(string tensor, long[] axes, bool keepDims) => axes.Length == 0
        ? tensor
        : Op("ReduceSum", [tensor, Int64s(axes)], OnnxAttribute.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>
    /// The gradient of a broadcast operand: the upstream gradient of shape <paramref name="from"/> summed over the axes
    /// that NumPy broadcasting added or stretched, reshaped to the operand's shape <paramref name="to"/>.
    /// </summary>
    public string Unbroadcast(string gradient, long[] from, long[] to)
    {
        if (from.AsSpan().SequenceEqual(to))
        {
            return gradient;
        }

        int extra = from.Length - to.Length;
        var axes = new List<long>();
        for (int i = 0; i < from.Length; i++)
        {
            if (i < extra || (to[i - extra] == 1 && from[i] != 1))
            {
                axes.Add(i);
            }
        }

        string summed = ReduceSum(gradient, [.. axes], keepDims: true);
        return Reshape(summed, to);
    }

    private string Fresh(string hint) => $"__bw{_fresh++}_{hint.ToLowerInvariant()}";
}
