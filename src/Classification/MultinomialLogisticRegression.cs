using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Facebench.Classification;

/// <summary>
/// Multinomial (softmax) logistic regression (Bishop, "Pattern Recognition and Machine Learning", §4.3.4) on
/// standardised features, fitted by minimising the weighted mean negative log-likelihood plus
/// <c>λ/2 ‖W‖²</c> (intercepts unpenalised) and, when fine-tuning, <c>μ/2 ‖W − W₀‖²</c> (L2-SP), with
/// MathNet's L-BFGS (Liu &amp; Nocedal 1989) on the analytic gradient
/// <c>∂L/∂W_c = Σ_i w_i (p_ic − [y_i = c]) x̃_i / Σ_i w_i + λ W_c + μ (W_c − W₀_c)</c>.
/// Immutable: <see cref="FineTune"/> returns a new instance.
/// </summary>
public sealed class MultinomialLogisticRegression
{
    private readonly double[] _weights; // [C × (D + 1)] row-major; column D is the intercept

    private MultinomialLogisticRegression(IReadOnlyList<string> classes, Standardizer standardizer, double[] weights, int iterations, double loss)
    {
        Classes = classes;
        Standardizer = standardizer;
        _weights = weights;
        Iterations = iterations;
        FinalLoss = loss;
    }

    /// <summary>Class names, in the order of <see cref="PredictProbabilities"/>.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The feature standardisation fitted on the original training data (kept when fine-tuning).</summary>
    public Standardizer Standardizer { get; }

    /// <summary>Feature count.</summary>
    public int Dimension => Standardizer.Dimension;

    /// <summary>L-BFGS iterations of the last fit.</summary>
    public int Iterations { get; }

    /// <summary>Objective value at the end of the last fit.</summary>
    public double FinalLoss { get; }

    /// <summary>Trains a classifier.</summary>
    /// <param name="x">Feature rows.</param>
    /// <param name="y">Class of each row; the classes are the distinct values, in ordinal order.</param>
    /// <param name="options">Regularisation and optimiser settings.</param>
    /// <param name="sampleWeights">Optional non-negative weight per row (e.g. importance weights); null = all one.</param>
    /// <exception cref="UntrainableDataException">The data cannot give a classifier (the message says why).</exception>
    public static MultinomialLogisticRegression Train(IReadOnlyList<double[]> x, IReadOnlyList<string> y, LogisticRegressionOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        options ??= new LogisticRegressionOptions();
        options.Validate();
        CheckRows(x, y, sampleWeights, expectedDimension: null);
        string[] classes = [.. y.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (classes.Length < 2)
        {
            throw new UntrainableDataException($"the training data has only one class ('{classes.FirstOrDefault()}'); a classifier needs examples of at least two.");
        }

        Standardizer standardizer = Standardizer.Fit(x);
        if (standardizer.ConstantCount == standardizer.Dimension)
        {
            throw new UntrainableDataException($"none of the {standardizer.Dimension} features varies across the {x.Count} training rows (singular data): the classes cannot be told apart.");
        }

        var start = new double[classes.Length * (standardizer.Dimension + 1)];
        return Fit(classes, standardizer, x, y, sampleWeights, options, start, anchor: null);
    }

    /// <summary>
    /// Continues training from these weights on new data (warm start; the standardisation and classes are kept),
    /// pulled towards the current weights by <see cref="LogisticRegressionOptions.Anchor"/>.
    /// </summary>
    /// <exception cref="UntrainableDataException">The new data has an unknown class, the wrong dimension, or no rows.</exception>
    public MultinomialLogisticRegression FineTune(IReadOnlyList<double[]> x, IReadOnlyList<string> y, LogisticRegressionOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        options ??= new LogisticRegressionOptions();
        options.Validate();
        CheckRows(x, y, sampleWeights, Dimension);
        string? unknown = y.FirstOrDefault(c => !Classes.Contains(c, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new UntrainableDataException($"fine-tuning data has class '{unknown}', which the classifier does not know (classes: {string.Join(", ", Classes)}).");
        }

        return Fit(Classes, Standardizer, x, y, sampleWeights, options, [.. _weights], anchor: options.Anchor > 0 ? _weights : null);
    }

    /// <summary>Class probabilities for one feature row (softmax of the scores), in <see cref="Classes"/> order.</summary>
    public double[] PredictProbabilities(double[] features)
    {
        if (features.Length != Dimension)
        {
            throw new ArgumentException($"{features.Length} features; the classifier was trained on {Dimension}.", nameof(features));
        }

        var p = new double[Classes.Count];
        Probabilities(_weights, Standardizer.Transform(features), p);
        return p;
    }

    /// <summary>The most probable class.</summary>
    public string Predict(double[] features)
    {
        double[] p = PredictProbabilities(features);
        int best = 0;
        for (int c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return Classes[best];
    }

    private static MultinomialLogisticRegression Fit(
        IReadOnlyList<string> classes, Standardizer standardizer, IReadOnlyList<double[]> x, IReadOnlyList<string> y,
        IReadOnlyList<double>? sampleWeights, LogisticRegressionOptions options, double[] start, double[]? anchor)
    {
        int n = x.Count, d = standardizer.Dimension, k = classes.Count, stride = d + 1;
        double[][] z = [.. x.Select(standardizer.Transform)];
        var index = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        int[] label = [.. y.Select(c => index[c])];
        double[] w = sampleWeights is null ? [.. Enumerable.Repeat(1.0, n)] : [.. sampleWeights];
        double totalWeight = w.Sum();
        if (!(totalWeight > 0))
        {
            throw new UntrainableDataException("all sample weights are zero: nothing to train on.");
        }

        var p = new double[k];
        double bestValue = double.PositiveInfinity;
        double[] best = [.. start];

        (double, Vector<double>) Objective(Vector<double> parameters)
        {
            double[] theta = parameters.AsArray() ?? parameters.ToArray();
            var gradient = new double[theta.Length];
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                if (w[i] == 0)
                {
                    continue;
                }

                double logSum = Probabilities(theta, z[i], p);
                loss -= w[i] * (Scores(theta, z[i], label[i], stride) - logSum);
                for (int c = 0; c < k; c++)
                {
                    double r = w[i] * (p[c] - (c == label[i] ? 1 : 0));
                    int row = c * stride;
                    for (int f = 0; f < d; f++)
                    {
                        gradient[row + f] += r * z[i][f];
                    }

                    gradient[row + d] += r;
                }
            }

            loss /= totalWeight;
            for (int j = 0; j < theta.Length; j++)
            {
                gradient[j] /= totalWeight;
                if (j % stride != d)
                {
                    loss += options.L2 / 2 * theta[j] * theta[j];
                    gradient[j] += options.L2 * theta[j];
                }

                if (anchor is not null)
                {
                    double delta = theta[j] - anchor[j];
                    loss += options.Anchor / 2 * delta * delta;
                    gradient[j] += options.Anchor * delta;
                }
            }

            // MathNet signals its iteration limit and line-search failures by throwing: keep the best point seen.
            if (loss < bestValue)
            {
                bestValue = loss;
                theta.CopyTo(best, 0);
            }

            return (loss, Vector<double>.Build.DenseOfArray(gradient));
        }

        var minimizer = new LimitedMemoryBfgsMinimizer(options.GradientTolerance, 1e-12, 1e-12, 10, options.MaxIterations);
        int iterations = options.MaxIterations;
        try
        {
            MinimizationResult result = minimizer.FindMinimum(ObjectiveFunction.Gradient(Objective), Vector<double>.Build.DenseOfArray(start));
            iterations = result.Iterations;
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("MathNet.Numerics", StringComparison.Ordinal) == true)
        {
            // Iteration limit or a failed line search: the best point seen is still a usable (if unconverged) fit.
        }

        if (!double.IsFinite(bestValue) || best.Any(v => !double.IsFinite(v)))
        {
            throw new UntrainableDataException("the optimiser diverged (non-finite loss); the features may be degenerate or badly scaled.");
        }

        return new MultinomialLogisticRegression(classes, standardizer, best, iterations, bestValue);
    }

    /// <summary>Writes softmax probabilities into <paramref name="p"/> and returns log Σ exp(score) (stable: max subtracted).</summary>
    private static double Probabilities(double[] theta, double[] z, double[] p)
    {
        int k = p.Length, stride = z.Length + 1;
        double max = double.NegativeInfinity;
        for (int c = 0; c < k; c++)
        {
            p[c] = Scores(theta, z, c, stride);
            max = Math.Max(max, p[c]);
        }

        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            sum += p[c];
        }

        for (int c = 0; c < k; c++)
        {
            p[c] /= sum;
        }

        return max + Math.Log(sum);
    }

    private static double Scores(double[] theta, double[] z, int c, int stride)
    {
        int row = c * stride;
        double s = theta[row + stride - 1];
        for (int f = 0; f < z.Length; f++)
        {
            s += theta[row + f] * z[f];
        }

        return s;
    }

    private static void CheckRows(IReadOnlyList<double[]> x, IReadOnlyList<string> y, IReadOnlyList<double>? weights, int? expectedDimension)
    {
        if (x.Count == 0)
        {
            throw new UntrainableDataException("no training rows.");
        }

        if (x.Count != y.Count || (weights is not null && weights.Count != x.Count))
        {
            throw new UntrainableDataException($"{x.Count} feature rows but {y.Count} labels{(weights is null ? "" : $" and {weights.Count} weights")}.");
        }

        int d = expectedDimension ?? x[0].Length;
        if (d == 0)
        {
            throw new UntrainableDataException("the feature rows are empty.");
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].Length != d)
            {
                throw new UntrainableDataException($"row {i} has {x[i].Length} features; expected {d}.");
            }

            if (x[i].Any(v => !double.IsFinite(v)))
            {
                throw new UntrainableDataException($"row {i} has a NaN or infinite feature.");
            }

            if (weights is not null && (!(weights[i] >= 0) || !double.IsFinite(weights[i])))
            {
                throw new UntrainableDataException($"row {i} has weight {weights[i]}; weights must be finite and non-negative.");
            }
        }
    }
}
