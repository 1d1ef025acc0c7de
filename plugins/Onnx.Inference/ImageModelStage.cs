using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference;

/// <summary>
/// What the onnx image stages share: the model component, the checked pre-processing, and batching. A stage reads the
/// decoded image (<see cref="CoreFacets.Image"/>, decoded from the image path and attached when absent) and the face box (<see cref="CoreFacets.FaceBox"/>, else the whole
/// image), crops and normalises it into a batch slot, runs the model and decodes its outputs into facets.
/// <see cref="ProcessBatch"/> runs up to <see cref="ImageInputOptions.BatchSize"/> samples in one model run; the host's
/// one-sample <see cref="Process"/> is a batch of one.
/// </summary>
/// <typeparam name="TOptions">The stage's options.</typeparam>
public abstract class ImageModelStage<TOptions> : Plugin<TOptions>, IStage where TOptions : ImageInputOptions
{
    private ImageModelRunner? _runner;
    private CropTransform[] _crops = [];
    private Sample[] _batch = [];

    /// <summary>The stage's plugin id, for messages.</summary>
    protected abstract string Id { get; }

    /// <summary>The runner, once initialised.</summary>
    protected ImageModelRunner Runner => _runner ?? throw new InvalidOperationException($"{Id} was not initialised for processing.");

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken) => ProcessBatch([sample], cancellationToken)[0];

    /// <summary>
    /// Processes several samples, <see cref="ImageModelRunner.MaxBatch"/> per model run: one run per batch instead of
    /// one per sample. Every sample must carry a decoded image.
    /// </summary>
    /// <exception cref="InvalidOperationException">A sample has no decoded image.</exception>
    /// <exception cref="InvalidDataException">The model failed or produced NaN; the message names the file and the tensor.</exception>
    public IReadOnlyList<Sample> ProcessBatch(IReadOnlyList<Sample> samples, CancellationToken cancellationToken)
    {
        ImageModelRunner runner = Runner;
        var results = new Sample[samples.Count];
        for (int start = 0; start < samples.Count; start += runner.MaxBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(runner.MaxBatch, samples.Count - start);
            for (int i = 0; i < count; i++)
            {
                Sample sample = samples[start + i];
                if (!sample.TryGet(CoreFacets.Image, out ImageBuffer image))
                {
                    // Decode once and attach, so that later stages reuse the pixels.
                    image = sample.ImagePath is { } path
                        ? Imaging.ImageCodec.Load(path)
                        : throw new InvalidOperationException($"sample '{sample.Id}' has neither a decoded image ('{CoreFacets.Image.Name}') nor an image path.");
                    sample = sample.With(CoreFacets.Image, image);
                }

                _batch[i] = sample;

                BoundingBox? box = sample.TryGet(CoreFacets.FaceBox, out BoundingBox b) ? b : null;
                TOptions o = Options;
                _crops[i] = CropTransform.For(box, image.Size, runner.Width, runner.Height, o.BoxScale, o.BoxShiftX, o.BoxShiftY, o.Square);
                WriteInput(runner, i, sample, image, _crops[i]);
            }

            runner.Run(count);
            for (int i = 0; i < count; i++)
            {
                results[start + i] = Decode(_batch[i], i, _crops[i]);
            }
        }

        return results;
    }

    /// <summary>Writes a sample's model input into batch slot <paramref name="index"/>: by default the face-box crop.</summary>
    protected virtual void WriteInput(ImageModelRunner runner, int index, Sample sample, ImageBuffer image, CropTransform crop) =>
        runner.WriteInput(index, image, crop);

    /// <summary>The model outputs the stage reads (an empty name is the model's first output).</summary>
    protected abstract IReadOnlyList<string> Outputs();

    /// <summary>Checks the outputs' shapes against the options; throw <see cref="PluginInputException"/> naming the model.</summary>
    protected abstract void CheckOutputs(ImageModelRunner runner);

    /// <summary>Adds the facets decoded from batch slot <paramref name="index"/> of the last run.</summary>
    protected abstract Sample Decode(Sample sample, int index, CropTransform crop);

    /// <inheritdoc />
    protected sealed override void OnInitialize()
    {
        TOptions o = Options;
        if (!(o.BoxScale > 0 && double.IsFinite(o.BoxScale)))
        {
            throw new PluginInputException($"{Id}: box_scale must be a positive number, not {o.BoxScale}.");
        }

        if (o.BatchSize < 1)
        {
            throw new PluginInputException($"{Id}: batch_size must be 1 or more, not {o.BatchSize}.");
        }

        OnnxModel model = Context.GetComponent<OnnxModel>(o.Model);
        _runner = new ImageModelRunner(model, o, Outputs(), Id);
        _crops = new CropTransform[_runner.MaxBatch];
        _batch = new Sample[_runner.MaxBatch];
        CheckOutputs(_runner);
    }

    /// <summary>A bad-input error naming the model file.</summary>
    protected PluginInputException Fail(string message) => new($"{Id}: {message}", Runner.Model.Path);
}
