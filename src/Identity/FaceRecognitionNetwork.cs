using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx;
using Facebench.Onnx.Format;
using Facebench.Onnx.Gradients;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Identity;

/// <summary>
/// A face-recognition network (ArcFace-style, 112×112 aligned input) with gradients: a forward session that outputs the
/// embedding and the content layers' activations, and a backward model (<see cref="ReverseModeDifferentiation"/>) that
/// turns upstream gradients on those into the gradient on the input crop.
/// </summary>
public sealed class FaceRecognitionNetwork : IDisposable
{
    private readonly InferenceSession _forward;
    private readonly GradientSession _backward;
    private readonly string[] _outputs;
    private readonly long[] _inputShape;
    private readonly RunOptions _runOptions = new();

    /// <summary>Loads the model and builds its backward model.</summary>
    /// <exception cref="FileNotFoundException">No model file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX model, or it cannot run at 1×3×112×112; the message names the file.</exception>
    /// <exception cref="NotSupportedException">An operator of the network has no gradient rule; the message names it.</exception>
    public FaceRecognitionNetwork(string modelPath, FaceRecognitionSettings? settings = null)
    {
        Settings = settings ?? new FaceRecognitionSettings();
        Path = modelPath;
        OnnxGraph graph = OnnxGraph.ReadFile(modelPath);
        Input = Settings.Input.Length > 0 ? Settings.Input : graph.Inputs.FirstOrDefault()?.Name ?? throw new InvalidDataException($"{modelPath}: the model has no input.");
        Output = Settings.Output.Length > 0 ? Settings.Output : graph.Outputs.FirstOrDefault()?.Name ?? throw new InvalidDataException($"{modelPath}: the model has no output.");
        _inputShape = [1, 3, ArcFaceAlignment.Size, ArcFaceAlignment.Size];
        _outputs = [Output, .. Settings.ContentLayers];
        try
        {
            _forward = OnnxSessionFactory.Create(ActivationTaps.Build(graph, _outputs), modelPath, Settings.Session, out _);
            _backward = new GradientSession(graph, new GradientRequest(_outputs, [Input], new Dictionary<string, long[]> { [Input] = _inputShape }), Settings.Session);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{modelPath}: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{modelPath}: {e.Message}", e);
        }
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The settings.</summary>
    public FaceRecognitionSettings Settings { get; }

    /// <summary>The graph input fed.</summary>
    public string Input { get; }

    /// <summary>The embedding output.</summary>
    public string Output { get; }

    /// <summary>The warp of an image of the given size for a face's 68 landmarks, normalised as the network expects.</summary>
    public AlignedFaceWarp Warp(IReadOnlyList<Point2> landmarks, int width, int height) =>
        new(ArcFaceAlignment.Estimate(landmarks), width, height, ArcFaceAlignment.Size, Settings.Mean, Settings.Std);

    /// <summary>The embedding and activations of an aligned, normalised crop (3×112×112, planar).</summary>
    public FaceFeatures Forward(float[] crop)
    {
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(crop, _inputShape);
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> results = _forward.Run(_runOptions, [Input], [input], _outputs);
            float[][] values = results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
            if (values.Any(v => v.Any(float.IsNaN)))
            {
                throw new InvalidDataException($"{Path}: the network's output holds NaN; the input crop is broken.");
            }

            return new FaceFeatures(values[0], values[1..]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{Path}: the network failed: {OnnxSessionFactory.OneLine(e.Message)}", e);
        }
    }

    /// <summary>The embedding of a photo's face, aligned by its 68 landmarks.</summary>
    public FaceFeatures Embed(ImageBuffer image, IReadOnlyList<Point2> landmarks)
    {
        AlignedFaceWarp warp = Warp(landmarks, image.Width, image.Height);
        var crop = new float[warp.CropLength];
        warp.Forward(image, crop);
        return Forward(crop);
    }

    /// <summary>
    /// The gradient on the crop of a loss whose gradients on the embedding and the content layers' activations are
    /// given (null for a layer without one).
    /// </summary>
    public float[] Backward(float[] crop, float[] embeddingGradient, IReadOnlyList<float[]?> activationGradients)
    {
        var upstream = new Dictionary<string, float[]> { [Output] = embeddingGradient };
        for (int i = 0; i < Settings.ContentLayers.Count; i++)
        {
            string layer = Settings.ContentLayers[i];
            upstream[layer] = (i < activationGradients.Count ? activationGradients[i] : null) ?? new float[_backward.SeedLength(layer)];
        }

        try
        {
            return _backward.Run(new Dictionary<string, float[]> { [Input] = crop }, upstream)[GradientRequest.GradientName(Input)];
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{Path}: the backward model failed: {OnnxSessionFactory.OneLine(e.Message)}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _forward.Dispose();
        _backward.Dispose();
        _runOptions.Dispose();
    }
}
