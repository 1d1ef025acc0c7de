using Facebench.Classification;

namespace Facebench.Audit.Tests;

public sealed class ClassificationTests
{
    private static (List<double[]> X, List<string> Y) Blobs(int perClass, double separation, int seed)
    {
        var random = new Random(seed);
        var x = new List<double[]>();
        var y = new List<string>();
        foreach ((string label, double centre) in new[] { ("a", -separation / 2), ("b", separation / 2), ("c", 0.0) })
        {
            for (int i = 0; i < perClass; i++)
            {
                double offset = label == "c" ? separation : 0;
                x.Add([centre + Gaussian(random), offset + Gaussian(random), Gaussian(random)]);
                y.Add(label);
            }
        }

        return (x, y);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Softmax_regression_separates_three_classes_and_is_calibrated()
    {
        (List<double[]> x, List<string> y) = Blobs(100, 6, 1);
        var model = SoftmaxRegression.Train(x, y, new SoftmaxRegressionOptions { L2 = 1e-3, Seed = 1 });
        Assert.Equal(["a", "b", "c"], model.Classes);
        (List<double[]> tx, List<string> ty) = Blobs(100, 6, 2);
        string[] predicted = [.. tx.Select(model.Predict)];
        GroupMetricsSummary m = GroupMetrics.Evaluate(ty, predicted, ty);
        Assert.True(m.Accuracy > 0.95, $"accuracy {m.Accuracy}");
        Assert.All(model.PredictProbabilities(tx[0]), p => Assert.InRange(p, 0, 1));
        var calibration = ClasswiseCalibration.Compute(model.Classes, [.. tx.Select(model.PredictProbabilities)], ty);
        Assert.All(calibration, c => Assert.True(c.ExpectedCalibrationError < 0.1, $"{c.Class}: {c.ExpectedCalibrationError}"));
    }

    [Fact]
    public void Fine_tuning_on_balanced_data_raises_the_minority_recall()
    {
        var random = new Random(4);
        var x = new List<double[]>();
        var y = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            bool minority = i < 10;
            x.Add([(minority ? 1.0 : -1.0) + (1.2 * Gaussian(random)), Gaussian(random)]);
            y.Add(minority ? "b" : "a");
        }

        var biased = SoftmaxRegression.Train(x, y);
        var bx = Enumerable.Range(0, 200).Select(i => new[] { (i % 2 == 0 ? 1.0 : -1.0) + (1.2 * Gaussian(random)), Gaussian(random) }).ToList();
        var by = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "b" : "a").ToList();
        var tuned = biased.FineTune(bx, by);
        double Recall(SoftmaxRegression m) => bx.Where((_, i) => by[i] == "b").Count(f => m.Predict(f) == "b") / 100.0;
        Assert.True(Recall(tuned) > Recall(biased) + 0.1, $"recall {Recall(biased)} → {Recall(tuned)}");
    }

    private static (List<double[]> X, List<string> Y) TwoGroups(int count, double minorityShare, int seed)
    {
        var random = new Random(seed);
        var x = new List<double[]>();
        var y = new List<string>();
        for (int i = 0; i < count; i++)
        {
            bool minority = i < (int)Math.Round(count * minorityShare);
            x.Add([(minority ? 1.0 : -1.0) + (1.2 * Gaussian(random)), Gaussian(random), 0.5 * Gaussian(random)]);
            y.Add(minority ? "b" : "a");
        }

        return (x, y);
    }

    private static double Distance(SoftmaxRegression m, SoftmaxRegression n)
    {
        double sum = 0;
        for (int c = 0; c < m.Classes.Count; c++)
        {
            sum += m.Weights[c].Zip(n.Weights[c], (u, v) => (u - v) * (u - v)).Sum();
            sum += (m.Biases[c] - n.Biases[c]) * (m.Biases[c] - n.Biases[c]);
        }

        return Math.Sqrt(sum);
    }

    [Fact]
    public void Fine_tuning_continues_from_the_previous_parameters()
    {
        (List<double[]> x, List<string> y) = TwoGroups(300, 0.05, 5);
        (List<double[]> bx, List<string> by) = TwoGroups(300, 0.5, 6);
        var old = SoftmaxRegression.Train(x, y, new SoftmaxRegressionOptions { Seed = 3 });
        var converged = old.FineTune(bx, by, new SoftmaxRegressionOptions { Seed = 3 });
        var twoSteps = old.FineTune(bx, by, new SoftmaxRegressionOptions { Seed = 3, MaxIterations = 2 });

        // Cut short, the warm start is on its way from the old parameters to the new optimum: nearer to it than the
        // old ones, and nearer to the old ones than the optimum is.
        double oldToOptimum = Distance(old, converged);
        Assert.True(oldToOptimum > 0.3, $"the new data moves the optimum by only {oldToOptimum}");
        Assert.True(Distance(twoSteps, converged) < 0.8 * oldToOptimum, $"2 steps: {Distance(twoSteps, converged)} from the optimum, old {oldToOptimum}");
        Assert.True(Distance(twoSteps, old) < 0.8 * oldToOptimum, $"2 steps: {Distance(twoSteps, old)} from the old parameters, optimum {oldToOptimum}");

        // A cold start cut short after as many steps is elsewhere: it began at zero weights, not at the old ones.
        var coldTwoSteps = SoftmaxRegression.Train(bx, by, new SoftmaxRegressionOptions { Seed = 3, MaxIterations = 2 });
        double[] pWarm = twoSteps.PredictProbabilities(bx[0]), pCold = coldTwoSteps.PredictProbabilities(bx[0]), pOld = old.PredictProbabilities(bx[0]);
        Assert.True(Math.Abs(pWarm[0] - pOld[0]) < Math.Abs(pCold[0] - pOld[0]), $"p(a) old {pOld[0]}, warm {pWarm[0]}, cold {pCold[0]}");

        // Run to convergence, the objective is convex, so warm and cold reach the same classifier; from a start near the
        // optimum (new data drawn like the old) the warm start needs fewer passes over the data.
        var cold = SoftmaxRegression.Train(bx, by, new SoftmaxRegressionOptions { Seed = 3 });
        Assert.All(bx.Take(50), row => Assert.Equal(cold.PredictProbabilities(row)[0], converged.PredictProbabilities(row)[0], 0.02));
        (List<double[]> sx, List<string> sy) = TwoGroups(300, 0.05, 7);
        var again = old.FineTune(sx, sy, new SoftmaxRegressionOptions { Seed = 3 });
        var fresh = SoftmaxRegression.Train(sx, sy, new SoftmaxRegressionOptions { Seed = 3 });
        Assert.True(again.TrainingPasses < fresh.TrainingPasses, $"passes warm {again.TrainingPasses}, cold {fresh.TrainingPasses}");
    }

    [Fact]
    public void The_anchor_keeps_fine_tuning_near_the_previous_model()
    {
        (List<double[]> x, List<string> y) = TwoGroups(300, 0.05, 5);
        (List<double[]> bx, List<string> by) = TwoGroups(300, 0.5, 6);
        var old = SoftmaxRegression.Train(x, y);
        double Divergence(SoftmaxRegression m) => bx.Average(row =>
        {
            double[] q = old.PredictProbabilities(row), p = m.PredictProbabilities(row);
            return q.Zip(p, (a, b) => a * Math.Log(a / b)).Sum();
        });

        double free = Divergence(old.FineTune(bx, by)), weak = Divergence(old.FineTune(bx, by, new SoftmaxRegressionOptions { Anchor = 0.3 }));
        double strong = Divergence(old.FineTune(bx, by, new SoftmaxRegressionOptions { Anchor = 3 }));
        Assert.True(free > 0.05, $"fine-tuning without an anchor moved the predictions by only KL {free}");
        Assert.True(weak < 0.8 * free && strong < 0.5 * weak, $"KL to the old predictions: α = 0 {free}, 0.3 {weak}, 3 {strong}");
    }

    [Fact]
    public void Same_data_and_seed_give_the_same_classifier()
    {
        (List<double[]> x, List<string> y) = Blobs(50, 3, 8);
        var options = new SoftmaxRegressionOptions { Seed = 11 };
        SoftmaxRegression a = SoftmaxRegression.Train(x, y, options), b = SoftmaxRegression.Train(x, y, options);
        Assert.Equal(0, Distance(a, b));
        Assert.Equal(a.PredictProbabilities(x), b.PredictProbabilities(x));
        Assert.Equal(0, Distance(a.FineTune(x, y, options with { Anchor = 0.5 }), b.FineTune(x, y, options with { Anchor = 0.5 })));
    }

    [Fact]
    public void Untrainable_data_gives_clear_messages()
    {
        double[][] same = [[1, 2], [1, 2], [1, 2], [1, 2]];
        var singular = Assert.Throws<UntrainableDataException>(() => SoftmaxRegression.Train(same, ["a", "b", "a", "b"]));
        Assert.Contains("none of the 2 features varies", singular.Message);
        var oneClass = Assert.Throws<UntrainableDataException>(() => SoftmaxRegression.Train([[0.0], [1.0]], ["a", "a"]));
        Assert.Contains("only one class", oneClass.Message);
        var nan = Assert.Throws<UntrainableDataException>(() => SoftmaxRegression.Train([[0.0], [double.NaN]], ["a", "b"]));
        Assert.Contains("row 1", nan.Message);
        var model = SoftmaxRegression.Train([[0.0], [1.0]], ["a", "b"]);
        Assert.Contains("does not know", Assert.Throws<UntrainableDataException>(() => model.FineTune([[0.5]], ["z"])).Message);
    }

    [Fact]
    public void Equalized_odds_gap_is_the_recall_spread_when_the_group_is_the_class()
    {
        string[] truth = ["a", "a", "a", "a", "b", "b", "b", "b"];
        string[] predicted = ["a", "a", "a", "a", "a", "a", "b", "b"];
        GroupMetricsSummary m = GroupMetrics.Evaluate(truth, predicted, truth);
        Assert.Equal(0.5, m.EqualizedOddsGap, 12);
        Assert.Equal("b", m.WorstGroup);
        Assert.Equal(0.5, m.WorstGroupAccuracy, 12);

        // A separate sensitive attribute: both groups treated alike → gap 0.
        string[] groups = ["g", "h", "g", "h", "g", "h", "g", "h"];
        string[] fair = ["a", "a", "b", "b", "a", "a", "b", "b"];
        Assert.Equal(0, GroupMetrics.EqualizedOddsGap(truth, fair, groups), 12);
    }
}
