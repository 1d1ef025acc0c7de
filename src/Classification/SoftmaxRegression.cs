using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace Facebench.Classification;

/// <summary>
/// Multinomial (softmax) logistic regression, the maximum-entropy classifier (Bishop, "Pattern Recognition and
/// Machine Learning", §4.3.4; Berger, Della Pietra &amp; Della Pietra 1996), trained and applied with Microsoft.ML:
/// features are standardised by ML.NET's mean–variance normaliser fitted on the first training data
/// (z = (x − μ) / σ, so the penalty treats every feature alike, Hastie et al., "The Elements of Statistical Learning",
/// §3.4.1; constant features map to 0), then <c>LbfgsMaximumEntropy</c> minimises
/// <c>Σ_i w_i (−log p_{y_i}(z_i)) / Σ_i w_i + λ/2 ‖W‖²</c> with L-BFGS (Liu &amp; Nocedal 1989), p = softmax(W z + b).
/// Training runs on one thread from a seeded <see cref="MLContext"/>, so the same data and seed give the same model
/// in any process. <see cref="FineTune"/> continues L-BFGS from this model's parameters (ML.NET's retraining from
/// <see cref="MaximumEntropyModelParameters"/>). Immutable; safe to share between threads.
/// </summary>
public sealed partial class SoftmaxRegression
{
    private const string FeaturesColumn = "Features";
    private const string LabelColumn = "Label";
    private const string WeightColumn = "Weight";
    private const string ScoreColumn = "Score";

    private readonly NormalizingTransformer _standardise;
    private readonly MulticlassPredictionTransformer<MaximumEntropyModelParameters> _head;
    private readonly int _seed;
    private readonly Lock _gate = new();

    private SoftmaxRegression(IReadOnlyList<string> classes, int dimension, NormalizingTransformer standardise, MulticlassPredictionTransformer<MaximumEntropyModelParameters> head, int seed, int passes)
    {
        Classes = classes;
        Dimension = dimension;
        _standardise = standardise;
        _head = head;
        _seed = seed;
        TrainingPasses = passes;
        VBuffer<float>[] weights = [];
        head.Model.GetWeights(ref weights, out _);
        Weights = [.. weights.Select(w => (IReadOnlyList<float>)w.DenseValues().ToArray())];
        Biases = [.. head.Model.GetBiases()];
    }

    /// <summary>Class names, in the order of <see cref="PredictProbabilities(double[])"/>.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Feature count.</summary>
    public int Dimension { get; }

    /// <summary>Weights per class on the standardised features (row c = class c; copies of ML.NET's).</summary>
    public IReadOnlyList<IReadOnlyList<float>> Weights { get; }

    /// <summary>Intercept per class.</summary>
    public IReadOnlyList<float> Biases { get; }

    /// <summary>
    /// Passes the last fit made over its training rows (one per objective and gradient evaluation of L-BFGS, plus
    /// ML.NET's label check): the cost of the fit, and smaller when it starts near the optimum.
    /// </summary>
    public int TrainingPasses { get; }

    /// <summary>Trains a classifier.</summary>
    /// <param name="x">Feature rows.</param>
    /// <param name="y">Class of each row; the classes are the distinct values, in ordinal order.</param>
    /// <param name="options">Regularisation, optimiser settings and seed.</param>
    /// <param name="sampleWeights">Optional non-negative weight per row (e.g. importance weights); null = all one.</param>
    /// <exception cref="UntrainableDataException">The data cannot give a classifier (the message says why).</exception>
    public static SoftmaxRegression Train(IReadOnlyList<double[]> x, IReadOnlyList<string> y, SoftmaxRegressionOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        options ??= new SoftmaxRegressionOptions();
        options.Validate();
        TrainingRows.Check(x, y, sampleWeights, expectedDimension: null);
        string[] classes = [.. y.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (classes.Length < 2)
        {
            throw new UntrainableDataException($"the training data has only one class ('{classes.FirstOrDefault()}'); a classifier needs examples of at least two.");
        }

        var ml = new MLContext(options.Seed);
        var rows = TrainingRows.Build(x, y, sampleWeights, classes);
        IDataView view = rows.View(ml);
        NormalizingTransformer standardise = ml.Transforms.NormalizeMeanVariance(FeaturesColumn, fixZero: false).Fit(view);
        if (standardise.GetNormalizerModelParameters(0) is NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine
            && affine.Scale.All(s => s == 0))
        {
            throw new UntrainableDataException($"none of the {rows.Dimension} features varies across the {x.Count} training rows (singular data): the classes cannot be told apart.");
        }

        return Fit(ml, classes, standardise, rows, options, start: null);
    }

    /// <summary>
    /// Continues training on new data from this model's parameters (a warm start: L-BFGS begins at the current
    /// weights; the standardisation and classes are kept). The objective is the same as <see cref="Train"/>'s on the
    /// new data, so a fit run to convergence reaches the same optimum as a cold fit, in fewer passes; an iteration
    /// limit stops it between the two.
    /// </summary>
    /// <exception cref="UntrainableDataException">The new data has an unknown class, the wrong dimension, or no rows.</exception>
    public SoftmaxRegression FineTune(IReadOnlyList<double[]> x, IReadOnlyList<string> y, SoftmaxRegressionOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        options ??= new SoftmaxRegressionOptions();
        options.Validate();
        TrainingRows.Check(x, y, sampleWeights, Dimension);
        string? unknown = y.FirstOrDefault(c => !Classes.Contains(c, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new UntrainableDataException($"fine-tuning data has class '{unknown}', which the classifier does not know (classes: {string.Join(", ", Classes)}).");
        }

        var ml = new MLContext(options.Seed);
        TrainingRows rows = options.Anchor > 0
            ? TrainingRows.WithSoftLabels(x, y, sampleWeights, Classes, PredictProbabilities(x), options.Anchor)
            : TrainingRows.Build(x, y, sampleWeights, Classes);
        return Fit(ml, Classes, _standardise, rows, options, _head.Model);
    }

    /// <summary>Class probabilities of each row (softmax of the scores), in <see cref="Classes"/> order.</summary>
    public double[][] PredictProbabilities(IReadOnlyList<double[]> rows)
    {
        foreach (double[] row in rows)
        {
            if (row.Length != Dimension)
            {
                throw new ArgumentException($"{row.Length} features; the classifier was trained on {Dimension}.", nameof(rows));
            }
        }

        var result = new double[rows.Count][];
        lock (_gate)
        {
            // ML.NET's transformers share their host environment, which is not meant for concurrent use.
            var ml = new MLContext(_seed);
            IDataView scored = _head.Transform(_standardise.Transform(TrainingRows.Features(ml, rows, Dimension)));
            DataViewSchema.Column score = scored.Schema[ScoreColumn];
            using DataViewRowCursor cursor = scored.GetRowCursor([score]);
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> buffer = default;
            for (int i = 0; cursor.MoveNext(); i++)
            {
                getter(ref buffer);
                ReadOnlySpan<float> scores = buffer.IsDense ? buffer.GetValues() : buffer.DenseValues().ToArray();
                var p = new double[scores.Length];
                for (int c = 0; c < p.Length; c++)
                {
                    p[c] = scores[c];
                }

                result[i] = p;
            }
        }

        return result;
    }

    /// <summary>Class probabilities of one row, in <see cref="Classes"/> order.</summary>
    public double[] PredictProbabilities(double[] features) => PredictProbabilities([features])[0];

    /// <summary>The most probable class of one row.</summary>
    public string Predict(double[] features) => MostProbable(PredictProbabilities(features));

    /// <summary>The class with the highest probability in a vector from <see cref="PredictProbabilities(double[])"/> (the first on ties).</summary>
    public string MostProbable(double[] probabilities)
    {
        int best = 0;
        for (int c = 1; c < probabilities.Length; c++)
        {
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        return Classes[best];
    }

    private static SoftmaxRegression Fit(
        MLContext ml, IReadOnlyList<string> classes, NormalizingTransformer standardise, TrainingRows rows, SoftmaxRegressionOptions options,
        MaximumEntropyModelParameters? start)
    {
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            FeatureColumnName = FeaturesColumn,
            LabelColumnName = LabelColumn,
            ExampleWeightColumnName = WeightColumn,
            L1Regularization = 0,
            L2Regularization = (float)(options.L2 * rows.TotalWeight),
            OptimizationTolerance = (float)options.Tolerance,
            MaximumNumberOfIterations = options.MaxIterations,
            NumberOfThreads = 1, // one thread: the loss is summed in one fixed order on every machine
        });
        TrainingRows standardised = rows.Transformed(ml, standardise);
        IDataView view = standardised.View(ml);
        MulticlassPredictionTransformer<MaximumEntropyModelParameters> head;
        try
        {
            head = start is null ? trainer.Fit(view) : trainer.Fit(view, start);
        }
        catch (InvalidOperationException e)
        {
            // ML.NET reports a non-finite loss as "Data contain bad values." or an optimiser that cannot proceed.
            throw new UntrainableDataException($"ML.NET could not fit the classifier: {e.Message} The features may be degenerate or badly scaled.");
        }

        var model = new SoftmaxRegression(classes, rows.Dimension, standardise, head, options.Seed, standardised.Passes);
        if (model.Weights.Any(w => w.Any(v => !float.IsFinite(v))) || model.Biases.Any(b => !float.IsFinite(b)))
        {
            throw new UntrainableDataException("the optimiser diverged (non-finite weights); the features may be degenerate or badly scaled.");
        }

        return model;
    }
}
