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
    public void Logistic_regression_separates_three_classes_and_is_calibrated()
    {
        (List<double[]> x, List<string> y) = Blobs(100, 6, 1);
        var model = MultinomialLogisticRegression.Train(x, y, new LogisticRegressionOptions { L2 = 1e-3 });
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

        var biased = MultinomialLogisticRegression.Train(x, y);
        var bx = Enumerable.Range(0, 200).Select(i => new[] { (i % 2 == 0 ? 1.0 : -1.0) + (1.2 * Gaussian(random)), Gaussian(random) }).ToList();
        var by = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "b" : "a").ToList();
        var tuned = biased.FineTune(bx, by, new LogisticRegressionOptions { Anchor = 1e-3 });
        double Recall(MultinomialLogisticRegression m) => bx.Where((_, i) => by[i] == "b").Count(f => m.Predict(f) == "b") / 100.0;
        Assert.True(Recall(tuned) > Recall(biased) + 0.1, $"recall {Recall(biased)} → {Recall(tuned)}");
    }

    [Fact]
    public void Untrainable_data_gives_clear_messages()
    {
        double[][] same = [[1, 2], [1, 2], [1, 2], [1, 2]];
        var singular = Assert.Throws<UntrainableDataException>(() => MultinomialLogisticRegression.Train(same, ["a", "b", "a", "b"]));
        Assert.Contains("none of the 2 features varies", singular.Message);
        var oneClass = Assert.Throws<UntrainableDataException>(() => MultinomialLogisticRegression.Train([[0.0], [1.0]], ["a", "a"]));
        Assert.Contains("only one class", oneClass.Message);
        var nan = Assert.Throws<UntrainableDataException>(() => MultinomialLogisticRegression.Train([[0.0], [double.NaN]], ["a", "b"]));
        Assert.Contains("row 1", nan.Message);
        var model = MultinomialLogisticRegression.Train([[0.0], [1.0]], ["a", "b"]);
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
