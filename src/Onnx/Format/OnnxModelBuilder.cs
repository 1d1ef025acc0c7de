using Facebench.Onnx.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Format;

/// <summary>
/// Writes small ONNX models (<c>ModelProto</c>) from code: typed inputs and outputs, initialisers and nodes of the
/// default operator domain. The tests and benchmarks build their models with it, so that each model's output is known
/// in closed form. A dimension of -1 is written as a symbolic dimension (<c>N</c> for the first, <c>d1</c>, ... after).
/// </summary>
/// <example><code>
/// byte[] model = new OnnxModelBuilder()
///     .Input("x", TensorElementType.Float, -1, 4)
///     .Initializer(OnnxTensor.FromFloats("two", [2f], 1))
///     .Node("Mul", ["x", "two"], ["y"])
///     .Output("y", TensorElementType.Float, -1, 4)
///     .ToBytes();
/// </code></example>
public sealed class OnnxModelBuilder
{
    // ModelProto, OperatorSetIdProto, GraphProto, NodeProto, ValueInfoProto, TypeProto and TensorShapeProto field numbers.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetDomain = 1, OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int ValueName = 1, ValueType = 2;
    private const int TypeTensor = 1, TensorElemType = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;

    private readonly List<Action<ProtoWriter>> _graph = [];
    private readonly long _opset;
    private readonly long _irVersion;
    private int _nodes;

    /// <summary>Starts a model.</summary>
    /// <param name="opset">Version of the default (<c>ai.onnx</c>) operator set.</param>
    /// <param name="irVersion">The ONNX IR version written; 8 goes with opsets up to 18.</param>
    public OnnxModelBuilder(long opset = 17, long irVersion = 8)
    {
        _opset = opset;
        _irVersion = irVersion;
    }

    /// <summary>The graph's name.</summary>
    public string GraphNameText { get; set; } = "facebench";

    /// <summary>Declares a graph input.</summary>
    public OnnxModelBuilder Input(string name, TensorElementType type, params long[] dims) => Value(GraphInput, name, type, dims);

    /// <summary>Declares a graph output.</summary>
    public OnnxModelBuilder Output(string name, TensorElementType type, params long[] dims) => Value(GraphOutput, name, type, dims);

    /// <summary>Declares a graph output whose shape is left to ONNX Runtime (no shape in its type).</summary>
    public OnnxModelBuilder OutputOfAnyShape(string name, TensorElementType type)
    {
        _graph.Add(w => w.Message(GraphOutput, v => v
            .String(ValueName, name)
            .Message(ValueType, t => t.Message(TypeTensor, tensor => tensor.Int64(TensorElemType, (int)type)))));
        return this;
    }

    /// <summary>Adds a constant tensor the nodes can read by its name.</summary>
    public OnnxModelBuilder Initializer(OnnxTensor tensor)
    {
        _graph.Add(w => w.Message(GraphInitializer, t => TensorProtoWriter.Write(t, tensor)));
        return this;
    }

    /// <summary>Adds a node; an empty input name skips an optional input.</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        string name = $"{opType.ToLowerInvariant()}_{_nodes++}";
        _graph.Add(w => w.Message(GraphNode, n =>
        {
            foreach (string input in inputs)
            {
                n.String(NodeInput, input);
            }

            foreach (string output in outputs)
            {
                n.String(NodeOutput, output);
            }

            n.String(NodeName, name);
            n.String(NodeOpType, opType);
            foreach (OnnxAttribute attribute in attributes)
            {
                n.Message(NodeAttribute, attribute.Write);
            }

            n.String(NodeDomain, "");
        }));
        return this;
    }

    /// <summary>The serialised model.</summary>
    public byte[] ToBytes()
    {
        var model = new ProtoWriter();
        model.Int64(ModelIrVersion, _irVersion);
        model.String(ModelProducerName, "facebench");
        model.String(ModelProducerVersion, "1");
        model.Message(ModelGraph, g =>
        {
            foreach (Action<ProtoWriter> part in _graph)
            {
                part(g);
            }

            g.String(GraphName, GraphNameText);
        });
        model.Message(ModelOpsetImport, o => o.String(OpsetDomain, "").Int64(OpsetVersion, _opset));
        return model.ToArray();
    }

    /// <summary>Writes the model to a file and returns the path.</summary>
    public string Save(string path)
    {
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    private OnnxModelBuilder Value(int field, string name, TensorElementType type, long[] dims)
    {
        _graph.Add(w => w.Message(field, v => v
            .String(ValueName, name)
            .Message(ValueType, t => t.Message(TypeTensor, tensor => tensor
                .Int64(TensorElemType, (int)type)
                .Message(TensorShape, shape =>
                {
                    for (int i = 0; i < dims.Length; i++)
                    {
                        int index = i;
                        shape.Message(ShapeDim, d =>
                        {
                            if (dims[index] >= 0)
                            {
                                d.Int64(DimValue, dims[index]);
                            }
                            else
                            {
                                d.String(DimParam, index == 0 ? "N" : $"d{index}");
                            }
                        });
                    }
                })))));
        return this;
    }
}
