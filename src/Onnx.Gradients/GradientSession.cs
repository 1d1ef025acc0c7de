using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// An ONNX Runtime session of a backward model (<see cref="ReverseModeDifferentiation"/>): feeds the forward inputs and
/// the seeds' upstream gradients, returns the seeds' values and the requested gradients.
/// </summary>
public sealed class GradientSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly GradientRequest _request;
    private readonly RunOptions _runOptions = new();

    /// <summary>Differentiates a model and opens a session on the backward model.</summary>
    public GradientSession(OnnxGraph graph, GradientRequest request, OnnxSessionSettings? settings = null)
    {
        _request = request;
        Graph = graph;
        BackwardModel = ReverseModeDifferentiation.Build(graph, request);
        _session = OnnxSessionFactory.Create(BackwardModel, "backward model", settings ?? new OnnxSessionSettings(), out _);
    }

    /// <summary>The forward graph.</summary>
    public OnnxGraph Graph { get; }

    /// <summary>The backward model's bytes (for saving and inspection).</summary>
    public byte[] BackwardModel { get; }

    /// <summary>
    /// Runs the backward model: <paramref name="inputs"/> holds every forward input, <paramref name="upstream"/> each
    /// seed's upstream gradient (row-major, the seed's shape). Returns the seeds' forward values and the gradients, by
    /// the names of <see cref="GradientRequest"/>.
    /// </summary>
    public Dictionary<string, float[]> Run(IReadOnlyDictionary<string, float[]> inputs, IReadOnlyDictionary<string, float[]> upstream)
    {
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            foreach (string name in _session.InputNames)
            {
                bool isUpstream = _request.Seeds.Any(s => GradientRequest.UpstreamName(s) == name);
                float[] data = isUpstream
                    ? upstream.TryGetValue(_request.Seeds.First(s => GradientRequest.UpstreamName(s) == name), out float[]? u) ? u : throw new ArgumentException($"no upstream gradient for '{name}'.")
                    : inputs.TryGetValue(name, out float[]? x) ? x : throw new ArgumentException($"no value for input '{name}'.");
                long[] shape = _session.InputMetadata[name].Dimensions.Select(d => (long)d).ToArray();
                if (data.LongLength != TensorShapes.ElementCount(shape))
                {
                    throw new ArgumentException($"'{name}' has {data.Length} values; its shape {TensorShapes.Format(shape)} needs {TensorShapes.ElementCount(shape)}.");
                }

                names.Add(name);
                values.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
            }

            string[] outputs = [.. _session.OutputNames];
            using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(_runOptions, names, values, outputs);
            var byName = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < outputs.Length; i++)
            {
                byName[outputs[i]] = results[i].GetTensorDataAsSpan<float>().ToArray();
            }

            return byName;
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    /// <summary>The number of values of a seed (its upstream gradient's length).</summary>
    public long SeedLength(string seed) => TensorShapes.ElementCount(_session.InputMetadata[GradientRequest.UpstreamName(seed)].Dimensions.Select(d => (long)d).ToArray());

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
