using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace Facebench.Classification;

/// <summary>
/// Saving and loading a <see cref="SoftmaxRegression"/>. The file is a zip holding ML.NET's own model archive of the
/// standardiser and the maximum-entropy head (<c>mlnet.zip</c>, written by <see cref="ModelOperationsCatalog.Save(ITransformer, DataViewSchema, Stream)"/>)
/// and what ML.NET does not keep (<c>classes.json</c>: the class names in key order, the feature count and the
/// seed), so a loaded model predicts exactly what the saved one did and can be fine-tuned further.
/// </summary>
public sealed partial class SoftmaxRegression
{
    private const string ModelEntry = "mlnet.zip";
    private const string ClassesEntry = "classes.json";
    private const string Format = "facebench.softmax-regression/1";

    /// <summary>Writes the model to a stream.</summary>
    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        lock (_gate)
        {
            var ml = new MLContext(_seed);
            var chain = new TransformerChain<ITransformer>(_standardise, _head);
            using Stream model = zip.CreateEntry(ModelEntry).Open();
            ml.Model.Save(chain, TrainingRows.Features(ml, [], Dimension).Schema, model);
        }

        using Stream header = zip.CreateEntry(ClassesEntry).Open();
        JsonSerializer.Serialize(header, new Header(Format, [.. Classes], Dimension, _seed));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="origin">Names the file in errors.</param>
    /// <exception cref="InvalidDataException">Not such a file, or a damaged one; the message names <paramref name="origin"/>.</exception>
    public static SoftmaxRegression Load(Stream stream, string origin)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            ZipArchiveEntry headerEntry = zip.GetEntry(ClassesEntry) ?? throw new InvalidDataException($"{origin}: no {ClassesEntry}; not a saved softmax regression.");
            Header header;
            using (Stream s = headerEntry.Open())
            {
                header = JsonSerializer.Deserialize<Header>(s) ?? throw new InvalidDataException($"{origin}: {ClassesEntry} is empty.");
            }

            if (header.Format != Format || header.Classes.Length < 2 || header.Dimension < 1)
            {
                throw new InvalidDataException($"{origin}: {ClassesEntry} is not a {Format} header with two or more classes and features.");
            }

            ZipArchiveEntry modelEntry = zip.GetEntry(ModelEntry) ?? throw new InvalidDataException($"{origin}: no {ModelEntry}.");
            var ml = new MLContext(header.Seed);
            using var buffer = new MemoryStream();
            using (Stream s = modelEntry.Open())
            {
                s.CopyTo(buffer); // ML.NET's loader needs a seekable stream
            }

            buffer.Position = 0;
            var parts = ((TransformerChain<ITransformer>)ml.Model.Load(buffer, out _)).ToArray();
            if (parts is not [NormalizingTransformer standardise, MulticlassPredictionTransformer<MaximumEntropyModelParameters> head])
            {
                throw new InvalidDataException($"{origin}: {ModelEntry} is not a standardiser followed by a maximum-entropy head.");
            }

            var model = new SoftmaxRegression(header.Classes, header.Dimension, standardise, head, header.Seed, passes: 0);
            if (model.Weights.Count != header.Classes.Length || model.Weights[0].Count != header.Dimension)
            {
                throw new InvalidDataException($"{origin}: the head has {model.Weights.Count} classes of {model.Weights[0].Count} weights; the header says {header.Classes.Length} of {header.Dimension}.");
            }

            return model;
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{origin}: not a readable saved softmax regression ({e.Message}).", e);
        }
    }

    private sealed record Header(string Format, string[] Classes, int Dimension, int Seed);
}
