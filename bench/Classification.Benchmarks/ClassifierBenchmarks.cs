using BenchmarkDotNet.Attributes;

namespace Facebench.Classification.Benchmarks;

/// <summary>
/// The classifier's work in the default audit, on data of the audit's shape: 204 features (68 landmarks × 3), two
/// groups that differ in mean and spread along a few directions. Training a probe on 300 faces (95% / 5%), one
/// golden-loop round (fine-tuning on 120 balanced faces from the probe's parameters) and predicting the 1,000 faces
/// of a prior audit.
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const int Features = 204;
    private List<double[]> _trainX = [], _tuneX = [], _predictX = [];
    private List<string> _trainY = [], _tuneY = [];
    private SoftmaxRegression _probe = null!;

    /// <summary>Draws the data and trains the probe that fine-tuning and prediction start from.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2024);
        (_trainX, _trainY) = Draw(random, 300, 0.05);
        (_tuneX, _tuneY) = Draw(random, 120, 0.5);
        (_predictX, _) = Draw(random, 1000, 0.5);
        _probe = SoftmaxRegression.Train(_trainX, _trainY, new SoftmaxRegressionOptions { Seed = 1 });
    }

    /// <summary>Trains a probe from scratch (standardisation + L-BFGS).</summary>
    [Benchmark]
    public SoftmaxRegression TrainProbe() => SoftmaxRegression.Train(_trainX, _trainY, new SoftmaxRegressionOptions { Seed = 1 });

    /// <summary>One golden-loop round's fine-tuning, warm-started from the probe.</summary>
    [Benchmark]
    public SoftmaxRegression FineTuneRound() => _probe.FineTune(_tuneX, _tuneY, new SoftmaxRegressionOptions { Seed = 2, MaxIterations = 200 });

    /// <summary>Class probabilities of a prior audit's 1,000 faces, in one batch.</summary>
    [Benchmark]
    public double[][] Predict1000() => _probe.PredictProbabilities(_predictX);

    private static (List<double[]> X, List<string> Y) Draw(Random random, int count, double minorityShare)
    {
        var x = new List<double[]>(count);
        var y = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            bool minority = i < (int)Math.Round(count * minorityShare);
            var row = new double[Features];
            for (int f = 0; f < Features; f++)
            {
                // Landmark-like coordinates: an offset per feature, unit noise, and the minority shifted and spread
                // along the first eight features.
                double spread = minority && f < 8 ? 2.5 : 1;
                row[f] = (10 * Math.Sin(f)) + (spread * Gaussian(random)) + (minority && f < 8 ? 0.5 : 0);
            }

            x.Add(row);
            y.Add(minority ? "B" : "A");
        }

        return (x, y);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
