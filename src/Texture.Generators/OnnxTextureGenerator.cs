using Facebench.Contracts.Morphable;
using Facebench.Onnx;
using Facebench.Onnx.Format;
using Facebench.Onnx.Gradients;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.TextureGenerators;

/// <summary>
/// A texture generator from an ONNX model: one float input [1, L] (the latent code), one float output with
/// <see cref="ValueCount"/> values in the layout of the texture space it belongs to (per-vertex RGB interleaved, or a
/// W×H×3 UV map, top row first), in [0, 1]. The mesh side (layout, texture coordinates, face region) comes from a
/// texture model of the same mesh. Its gradient is the backward model of <see cref="ReverseModeDifferentiation"/>.
/// </summary>
public sealed class OnnxTextureGenerator : ITextureGenerator, IDisposable
{
    private readonly InferenceSession _forward;
    private readonly GradientSession _backward;
    private readonly ITextureModel _space;
    private readonly string _input;
    private readonly string _output;
    private readonly float[] _latent;
    private readonly float[] _gradient;
    private readonly RunOptions _runOptions = new();

    /// <summary>Loads a generator from a file.</summary>
    /// <exception cref="FileNotFoundException">No model file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX model, or its input/output sizes do not fit the texture space; the message names the file.</exception>
    /// <exception cref="NotSupportedException">An operator has no gradient rule; the message names it.</exception>
    public static OnnxTextureGenerator Load(string path, ITextureModel space, string? name = null, OnnxSessionSettings? settings = null) =>
        new(File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"{path}: no such ONNX texture generator.", path), space, name ?? Path.GetFileName(path), path, settings);

    /// <summary>Creates a generator from a model's bytes.</summary>
    /// <param name="model">The ONNX model.</param>
    /// <param name="space">A texture model of the same mesh: layout, sizes, texture coordinates and face region.</param>
    /// <param name="name">What the generator is.</param>
    /// <param name="origin">The model's file, for messages.</param>
    /// <param name="settings">ONNX Runtime settings.</param>
    public OnnxTextureGenerator(byte[] model, ITextureModel space, string name, string origin = "texture generator", OnnxSessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        Name = name;
        OnnxGraph graph;
        try
        {
            graph = OnnxGraph.Read(model);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{origin}: {e.Message}", e);
        }

        if (graph.Inputs.Count != 1 || graph.Outputs.Count < 1)
        {
            throw new InvalidDataException($"{origin}: a texture generator has one input (the latent code) and an output (the texture); this model has {graph.Inputs.Count} inputs and {graph.Outputs.Count} outputs.");
        }

        _input = graph.Inputs[0].Name;
        _output = graph.Outputs[0].Name;
        long[] dims = graph.Inputs[0].Dims ?? [];
        LatentCount = dims.Length == 2 && dims[1] > 0 ? (int)dims[1] : throw new InvalidDataException($"{origin}: the latent input '{_input}' must be [1, L] with a fixed L; it is {TensorShapes.Format(dims)}.");
        settings ??= new OnnxSessionSettings();
        try
        {
            _backward = new GradientSession(graph, new GradientRequest([_output], [_input], new Dictionary<string, long[]> { [_input] = [1, LatentCount] }), settings);
            _forward = OnnxSessionFactory.Create(model, origin, settings, out _);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{origin}: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{origin}: {e.Message}", e);
        }

        if (_backward.SeedLength(_output) != space.ValueCount)
        {
            throw new InvalidDataException($"{origin}: the generator outputs {_backward.SeedLength(_output)} values; texture space '{space.Name}' has {space.ValueCount}.");
        }

        _latent = new float[LatentCount];
        _gradient = new float[space.ValueCount];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public TextureLayout Layout => _space.Layout;

    /// <inheritdoc />
    public int VertexCount => _space.VertexCount;

    /// <inheritdoc />
    public int Width => _space.Width;

    /// <inheritdoc />
    public int Height => _space.Height;

    /// <inheritdoc />
    public int LatentCount { get; }

    /// <inheritdoc />
    public int ValueCount => _space.ValueCount;

    /// <inheritdoc />
    public ReadOnlySpan<float> CornerUvs => _space.CornerUvs;

    /// <inheritdoc />
    public ReadOnlySpan<float> FaceRegion => _space.FaceRegion;

    /// <inheritdoc />
    public void Evaluate(ReadOnlySpan<float> latent, Span<float> values)
    {
        Check(latent, values.Length);
        latent.CopyTo(_latent);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(_latent, [1, LatentCount]);
        using IDisposableReadOnlyCollection<OrtValue> results = _forward.Run(_runOptions, [_input], [input], [_output]);
        results[0].GetTensorDataAsSpan<float>().CopyTo(values);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> latent, ReadOnlySpan<float> valueGradient, Span<float> latentGradient)
    {
        Check(latent, valueGradient.Length);
        if (latentGradient.Length != LatentCount)
        {
            throw new ArgumentException($"the latent gradient holds {latentGradient.Length} values, not {LatentCount}.", nameof(latentGradient));
        }

        latent.CopyTo(_latent);
        valueGradient.CopyTo(_gradient);
        _backward.Run(new Dictionary<string, float[]> { [_input] = _latent }, new Dictionary<string, float[]> { [_output] = _gradient })[GradientRequest.GradientName(_input)].CopyTo(latentGradient);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _forward.Dispose();
        _backward.Dispose();
        _runOptions.Dispose();
    }

    private void Check(ReadOnlySpan<float> latent, int values)
    {
        if (latent.Length != LatentCount || values != ValueCount)
        {
            throw new ArgumentException($"expected a latent code of {LatentCount} and {ValueCount} texture values; got {latent.Length} and {values}.");
        }
    }
}
