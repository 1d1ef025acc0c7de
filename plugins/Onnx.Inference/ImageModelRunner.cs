using Facebench.Identity;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx;
using Facebench.Plugins.Onnx.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>
/// Runs an image model on batches of face crops with reused buffers: it checks the model's input against the
/// pre-processing once, owns one input array and one array per output sized for the largest batch, and for every batch
/// size it has run keeps <see cref="OrtValue"/>s over those arrays bound to the session in an <see cref="OrtIoBinding"/>
/// (ONNX Runtime reads the input and writes the outputs in place), so that after warm-up a run allocates nothing on the
/// managed heap. Outputs must have a fixed shape apart from the batch dimension. Not thread-safe: each stage instance
/// (one per worker) owns one; the session they share is.
/// </summary>
public sealed class ImageModelRunner : IDisposable
{
    private readonly OnnxModel _model;
    private readonly string _plugin;
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly long[][] _outputShapes;
    private readonly int[] _outputLengths;
    private readonly float[] _input;
    private readonly float[][] _outputs;
    private readonly long[] _inputShape;
    private readonly BoundBatch?[] _bound;
    private readonly RunOptions _runOptions = new();
    private readonly bool _fixedBatch;

    /// <summary>Checks the model against the pre-processing and allocates the buffers.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The pre-processing.</param>
    /// <param name="outputs">The outputs to read; an empty name means the model's first output.</param>
    /// <param name="plugin">The stage's id, for messages.</param>
    /// <exception cref="PluginInputException">The model does not fit the options; the message names the file and the tensor.</exception>
    public ImageModelRunner(OnnxModel model, ImageInputOptions options, IReadOnlyList<string> outputs, string plugin)
    {
        _model = model;
        _plugin = plugin;
        OnnxValueInfo input = Resolve(() => model.Input(options.Input));
        int channels = options.Channels == ChannelOrder.Gray ? 1 : 3;
        if (!input.IsTensor || input.ElementType != TensorElementType.Float || input.Dimensions.Length != 4)
        {
            throw Fail($"input '{input.Name}' is {input}; {plugin} feeds a rank-4 float image tensor.");
        }

        int[] dims = input.Dimensions;
        (int c, int h, int w) = options.Layout == TensorLayout.Nchw ? (dims[1], dims[2], dims[3]) : (dims[3], dims[1], dims[2]);
        string layout = options.Layout.ToString().ToUpperInvariant();
        if (c >= 0 && c != channels)
        {
            throw Fail($"input '{input.Name}' has shape {input.ShapeText}: {c} channels in {layout} layout, but the pre-processing writes {channels} ({options.Channels}). Check channels and layout.");
        }

        Width = Size(options.Width, w, "width", input);
        Height = Size(options.Height, h, "height", input);
        _fixedBatch = dims[0] > 0;
        MaxBatch = _fixedBatch ? dims[0] : Math.Max(1, options.BatchSize);
        try
        {
            Writer = new ImageTensorWriter(Width, Height, options.Channels, options.Layout, options.PixelScale, options.Mean, options.Std);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"{plugin}: {e.Message}");
        }

        _inputName = input.Name;
        _inputShape = options.Layout == TensorLayout.Nchw ? [MaxBatch, channels, Height, Width] : [MaxBatch, Height, Width, channels];
        _input = new float[MaxBatch * Writer.SlotLength];
        _outputNames = new string[outputs.Count];
        _outputShapes = new long[outputs.Count][];
        _outputLengths = new int[outputs.Count];
        _outputs = new float[outputs.Count][];
        for (int i = 0; i < outputs.Count; i++)
        {
            OnnxValueInfo output = Resolve(() => model.Output(outputs[i]));
            if (!output.IsTensor || output.ElementType != TensorElementType.Float || output.Dimensions.Length == 0)
            {
                throw Fail($"output '{output.Name}' is {output}; {plugin} reads a float tensor with a batch dimension.");
            }

            if (output.Dimensions.Skip(1).Any(d => d < 0))
            {
                throw Fail($"output '{output.Name}' has shape {output.ShapeText}; {plugin} needs every dimension after the batch to be fixed.");
            }

            _outputNames[i] = output.Name;
            _outputShapes[i] = output.Dimensions.Skip(1).Select(d => (long)d).ToArray();
            _outputLengths[i] = (int)TensorShapes.ElementCount(_outputShapes[i]);
            _outputs[i] = new float[MaxBatch * _outputLengths[i]];
        }

        _bound = new BoundBatch?[MaxBatch + 1];
    }

    /// <summary>The model.</summary>
    public OnnxModel Model => _model;

    /// <summary>Input width in pixels.</summary>
    public int Width { get; }

    /// <summary>Input height in pixels.</summary>
    public int Height { get; }

    /// <summary>Most samples per run.</summary>
    public int MaxBatch { get; }

    /// <summary>The writer that fills input slots.</summary>
    public ImageTensorWriter Writer { get; }

    /// <summary>Each output's shape after the batch dimension.</summary>
    public IReadOnlyList<long[]> OutputShapes => _outputShapes;

    /// <summary>Writes sample <paramref name="index"/> of the next batch.</summary>
    public void WriteInput(int index, ImageBuffer image, CropTransform crop) =>
        Writer.Write(image, crop, _input.AsSpan(index * Writer.SlotLength, Writer.SlotLength));

    /// <summary>Writes sample <paramref name="index"/> of the next batch, warped by a similarity (face alignment).</summary>
    public void WriteInput(int index, ImageBuffer image, Similarity2 inputToImage) =>
        Writer.Write(image, inputToImage, _input.AsSpan(index * Writer.SlotLength, Writer.SlotLength));

    /// <summary>
    /// Runs the model on the first <paramref name="count"/> written slots and checks the outputs for NaN.
    /// A model with a fixed batch dimension is always fed its full batch (unused slots are zero).
    /// </summary>
    /// <exception cref="InvalidDataException">ORT failed, or an output holds NaN; the message names the model file and the tensor.</exception>
    public void Run(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxBatch);
        int batch = _fixedBatch ? MaxBatch : count;
        if (_fixedBatch && count < MaxBatch)
        {
            _input.AsSpan(count * Writer.SlotLength).Clear();
        }

        BoundBatch bound = _bound[batch] ??= Bind(batch);
        try
        {
            _model.Session.RunWithBinding(_runOptions, bound.Binding);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{_model.Path}: {_plugin}: the model failed on a batch of {batch}: {OnnxSessionFactory.OneLine(e.Message)}", e);
        }

        for (int o = 0; o < _outputs.Length; o++)
        {
            ReadOnlySpan<float> produced = _outputs[o].AsSpan(0, count * _outputLengths[o]);
            int nan = FirstNaN(produced);
            if (nan >= 0)
            {
                throw new InvalidDataException($"{_model.Path}: output '{_outputNames[o]}' holds NaN (sample {nan / _outputLengths[o]} of the batch, element {nan % _outputLengths[o]}); the model or its input is broken.");
            }
        }
    }

    /// <summary>Output <paramref name="output"/> of sample <paramref name="index"/> of the last run.</summary>
    public ReadOnlySpan<float> Output(int output, int index) => _outputs[output].AsSpan(index * _outputLengths[output], _outputLengths[output]);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (BoundBatch? bound in _bound)
        {
            bound?.Dispose();
        }

        _runOptions.Dispose();
    }

    private static int FirstNaN(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Values over the first <paramref name="batch"/> slots of the arrays (pinned while they live), bound to the session.</summary>
    private BoundBatch Bind(int batch)
    {
        var values = new List<OrtValue>(1 + _outputs.Length);
        OrtIoBinding binding = _model.Session.CreateIoBinding();
        try
        {
            long[] inputShape = [batch, .. _inputShape[1..]];
            values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, batch * Writer.SlotLength), inputShape));
            binding.BindInput(_inputName, values[0]);
            for (int o = 0; o < _outputs.Length; o++)
            {
                values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _outputs[o].AsMemory(0, batch * _outputLengths[o]), [batch, .. _outputShapes[o]]));
                binding.BindOutput(_outputNames[o], values[^1]);
            }

            return new BoundBatch(binding, values);
        }
        catch
        {
            binding.Dispose();
            values.ForEach(v => v.Dispose());
            throw;
        }
    }

    private int Size(int configured, int model, string what, OnnxValueInfo input)
    {
        if (configured < 0)
        {
            throw new PluginInputException($"{_plugin}: {what} must be 0 (the model's) or a number of pixels, not {configured}.");
        }

        if (configured > 0 && model > 0 && configured != model)
        {
            throw Fail($"input '{input.Name}' has shape {input.ShapeText}: its {what} is {model}, but the pre-processing is set to {configured}.");
        }

        return configured > 0 ? configured
            : model > 0 ? model
            : throw Fail($"input '{input.Name}' has shape {input.ShapeText} with a free {what}; set {what} in the stage's options.");
    }

    private OnnxValueInfo Resolve(Func<OnnxValueInfo> find)
    {
        try
        {
            return find();
        }
        catch (InvalidDataException e)
        {
            throw new PluginInputException($"{_plugin}: {e.Message[(_model.Path.Length + 2)..]}", _model.Path, e);
        }
    }

    private PluginInputException Fail(string message) => new($"{_plugin}: {message}", _model.Path);

    /// <summary>The values of one batch size and the binding that feeds them to the session.</summary>
    private sealed class BoundBatch(OrtIoBinding binding, List<OrtValue> values) : IDisposable
    {
        public OrtIoBinding Binding { get; } = binding;

        public void Dispose()
        {
            Binding.Dispose();
            values.ForEach(v => v.Dispose());
        }
    }
}
