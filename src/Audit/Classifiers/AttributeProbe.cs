using System.Collections.Immutable;
using System.IO.Compression;
using System.Text.Json;
using Facebench.Audit.Models;
using Facebench.Classification;
using Facebench.Contracts;

namespace Facebench.Audit.Classifiers;

/// <summary>
/// A linear probe (Alain &amp; Bengio, "Understanding intermediate layers using linear classifier probes", 2016) of an
/// attribute on a face feature vector that a stage stored (a face-recognition embedding): a
/// <see cref="SoftmaxRegression"/> trained with ML.NET on labelled samples, with the make-up of its training data and
/// its held-out per-group accuracy, confusion and per-class calibration. Saved as one zip (the regression's file plus
/// <c>probe.json</c>), loaded and applied by the <c>classify.probe</c> stage. Immutable.
/// </summary>
public sealed class AttributeProbe
{
    private const string RegressionEntry = "regression.zip";
    private const string ProbeEntry = "probe.json";

    /// <summary>Creates a probe from its parts.</summary>
    public AttributeProbe(string attribute, string feature, SoftmaxRegression model, TrainingMakeup makeup, ProbeEvaluation? heldOut)
    {
        Attribute = attribute;
        Feature = feature;
        Model = model;
        TrainingMakeup = makeup;
        HeldOut = heldOut;
    }

    /// <summary>The label it predicts (e.g. <c>gender</c>).</summary>
    public string Attribute { get; }

    /// <summary>The facet its features come from (e.g. <c>embedding</c>).</summary>
    public string Feature { get; }

    /// <summary>The fitted regression.</summary>
    public SoftmaxRegression Model { get; }

    /// <summary>The make-up of the training data.</summary>
    public TrainingMakeup TrainingMakeup { get; }

    /// <summary>The evaluation on held-out examples, when there were some (not stored in the file).</summary>
    public ProbeEvaluation? HeldOut { get; }

    /// <summary>
    /// Trains on labelled examples, holding out about <paramref name="heldOutFraction"/> of them for evaluation. An
    /// example is held out when a stable hash of the seed and its id says so, so the split does not depend on the
    /// examples' order, on sharding or on the machine.
    /// </summary>
    /// <exception cref="UntrainableDataException">The training examples cannot give a classifier.</exception>
    public static AttributeProbe Train(
        IReadOnlyList<ProbeExample> examples, string attribute, string feature, SoftmaxRegressionOptions options,
        double heldOutFraction, int calibrationBins, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(heldOutFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(heldOutFraction, 1);
        var test = examples.Where(e => StableRandom.For(options.Seed, "probe.held-out", e.Id).NextDouble() < heldOutFraction).ToList();
        var held = test.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var train = examples.Where(e => !held.Contains(e.Id)).ToList();
        SoftmaxRegression model = SoftmaxRegression.Train([.. train.Select(e => e.Features)], [.. train.Select(e => e.Label)], options);
        var makeup = new TrainingMakeup(attribute, train.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), source);
        var probe = new AttributeProbe(attribute, feature, model, makeup, null);
        return test.Count == 0 ? probe : new AttributeProbe(attribute, feature, model, makeup, probe.Evaluate(test, calibrationBins));
    }

    /// <summary>Per-group accuracy, equalized odds, confusion and per-class calibration on labelled examples.</summary>
    public ProbeEvaluation Evaluate(IReadOnlyList<ProbeExample> examples, int calibrationBins = 10)
    {
        double[][] p = Model.PredictProbabilities([.. examples.Select(e => e.Features)]);
        string[] predicted = [.. p.Select(Model.MostProbable)];
        string[] truth = [.. examples.Select(e => e.Label)];
        return ProbeEvaluation.Of(truth, predicted, [.. examples.Select(e => e.Group)], Model.Classes, p, calibrationBins);
    }

    /// <summary>The prediction for one feature vector, as the stages store attribute predictions.</summary>
    public AttributePrediction Predict(double[] features)
    {
        double[] p = Model.PredictProbabilities(features);
        string best = Model.MostProbable(p);
        var scores = Model.Classes.Select((c, i) => (c, i)).ToImmutableSortedDictionary(t => t.c, t => p[t.i], StringComparer.Ordinal);
        return new AttributePrediction(best, scores[best], scores);
    }

    /// <summary>Writes the probe (regression, attribute, feature, training make-up) to a file.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (Stream regression = zip.CreateEntry(RegressionEntry).Open())
            {
                Model.Save(regression);
            }

            using Stream header = zip.CreateEntry(ProbeEntry).Open();
            JsonSerializer.Serialize(header, new Header(Attribute, Feature, TrainingMakeup.Attribute, TrainingMakeup.Counts, TrainingMakeup.Source));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a probe written by <see cref="Save"/>.</summary>
    /// <exception cref="PluginInputException">Missing or unreadable file; the message names it.</exception>
    public static AttributeProbe Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("probe file not found.", path);
        }

        try
        {
            using var file = File.OpenRead(path);
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            ZipArchiveEntry entry = zip.GetEntry(ProbeEntry) ?? throw new InvalidDataException($"no {ProbeEntry}: not a saved probe.");
            Header header;
            using (Stream s = entry.Open())
            {
                header = JsonSerializer.Deserialize<Header>(s) ?? throw new InvalidDataException($"{ProbeEntry} is empty.");
            }

            ZipArchiveEntry regression = zip.GetEntry(RegressionEntry) ?? throw new InvalidDataException($"no {RegressionEntry}: not a saved probe.");
            using var buffer = new MemoryStream();
            using (Stream s = regression.Open())
            {
                s.CopyTo(buffer);
            }

            buffer.Position = 0;
            SoftmaxRegression model = SoftmaxRegression.Load(buffer, RegressionEntry);
            return new AttributeProbe(header.Attribute, header.Feature, model, new TrainingMakeup(header.MakeupAttribute, header.Counts, header.Source), null);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw new PluginInputException($"not a readable probe: {e.Message}", path, e);
        }
    }

    private sealed record Header(string Attribute, string Feature, string MakeupAttribute, IReadOnlyDictionary<string, int> Counts, string Source);
}
