using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// The concrete shape of every tensor of a graph at given input shapes, and the values of its integer tensors (shapes,
/// axes, slice bounds), found by running the forward graph once in ONNX Runtime with every tensor exposed as an
/// output. The backward model is specialised to these shapes, so that reductions over broadcast axes, transposed
/// convolutions' output padding and slice paddings are constants.
/// </summary>
public sealed class TensorFacts
{
    private readonly Dictionary<string, long[]> _shapes;
    private readonly Dictionary<string, OnnxTensor> _values;

    private TensorFacts(Dictionary<string, long[]> shapes, Dictionary<string, OnnxTensor> values)
    {
        _shapes = shapes;
        _values = values;
    }

    /// <summary>The tensor's shape.</summary>
    /// <exception cref="InvalidOperationException">The tensor was not computed by the probe.</exception>
    public long[] Shape(string tensor) => _shapes.TryGetValue(tensor, out long[]? s)
        ? s
        : throw new InvalidOperationException($"the shape of tensor '{tensor}' is unknown (not an input, initialiser or node output of the graph).");

    /// <summary>The value of an integer tensor or an initialiser, or null when it is not known.</summary>
    public OnnxTensor? Value(string tensor) => _values.GetValueOrDefault(tensor);

    /// <summary>The values of an integer (int64 or int32) tensor, or null when absent or not integer.</summary>
    public long[]? Integers(string tensor) => Value(tensor) switch
    {
        { ElementType: TensorElementType.Int64 } t => t.AsSpan<long>().ToArray(),
        { ElementType: TensorElementType.Int32 } t => t.AsSpan<int>().ToArray().Select(v => (long)v).ToArray(),
        _ => null,
    };

    /// <summary>The values of a float tensor, or null when absent or not float.</summary>
    public float[]? FloatValues(string tensor) => Value(tensor) is { ElementType: TensorElementType.Float } t ? t.AsSpan<float>().ToArray() : null;

    /// <summary>Runs <paramref name="nodes"/> of <paramref name="graph"/> once at the given input shapes.</summary>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot run the graph at these shapes.</exception>
    public static TensorFacts Probe(OnnxGraph graph, IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, long[]> inputShapes, long opset)
    {
        Dictionary<string, TensorElementType> types = ElementTypeInference.Infer(graph);
        var builder = new OnnxModelBuilder(opset);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var values = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (OnnxGraphValue input in graph.Inputs)
        {
            long[] dims = inputShapes.TryGetValue(input.Name, out long[]? d)
                ? d
                : input.Dims is { } declared && declared.All(x => x >= 0) ? declared
                : throw new ArgumentException($"give the shape of graph input '{input.Name}' (declared {TensorShapes.Format(input.Dims ?? [])}).");
            shapes[input.Name] = dims;
            builder.Input(input.Name, input.ElementType, dims);
        }

        foreach (OnnxTensor tensor in graph.Initializers.Values)
        {
            builder.Initializer(tensor);
            shapes[tensor.Name] = tensor.Dims;
            values[tensor.Name] = tensor;
        }

        var outputs = new List<string>();
        foreach (OnnxNode node in nodes)
        {
            builder.Node(node.OpType, [.. node.Inputs], [.. node.Outputs], [.. node.Attributes.Select(a => a.ToAttribute())]);
            foreach (string output in node.Outputs.Where(o => o.Length > 0))
            {
                builder.OutputOfAnyShape(output, types[output]);
                outputs.Add(output);
            }
        }

        using InferenceSession session = OnnxSessionFactory.Create(builder.ToBytes(), "shape probe", new OnnxSessionSettings { IntraOpThreads = 1, Optimization = GraphOptimization.DisableAll }, out _);
        var feeds = new List<OrtValue>();
        try
        {
            foreach (OnnxGraphValue input in graph.Inputs)
            {
                // Ones rather than zeros, so that divisions and logarithms on the way stay finite.
                long[] dims = shapes[input.Name];
                OrtValue value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, input.ElementType, dims);
                if (input.ElementType == TensorElementType.Float)
                {
                    value.GetTensorMutableDataAsSpan<float>().Fill(1f);
                }
                else
                {
                    value.GetTensorMutableRawData().Clear();
                }

                feeds.Add(value);
            }

            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [.. graph.Inputs.Select(i => i.Name)], feeds, [.. outputs]);
            for (int i = 0; i < outputs.Count; i++)
            {
                OrtValue result = results[i];
                OrtTensorTypeAndShapeInfo info = result.GetTensorTypeAndShape();
                shapes[outputs[i]] = info.Shape;
                if (info.ElementDataType is TensorElementType.Int64 or TensorElementType.Int32)
                {
                    values[outputs[i]] = new OnnxTensor(outputs[i], info.ElementDataType, info.Shape, result.GetTensorDataAsSpan<byte>().ToArray());
                }
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime could not run the forward graph at input shapes {string.Join(", ", shapes.Where(s => graph.Inputs.Any(i => i.Name == s.Key)).Select(s => $"{s.Key} {TensorShapes.Format(s.Value)}"))}: {OnnxSessionFactory.OneLine(e.Message)}", e);
        }
        finally
        {
            feeds.ForEach(f => f.Dispose());
        }

        foreach (OnnxNode constant in nodes.Where(n => n.OpType == "Constant"))
        {
            if (constant.Attribute("value")?.Tensor is { } t)
            {
                values[constant.Outputs[0]] = t;
            }
        }

        return new TensorFacts(shapes, values);
    }
}
