using Facebench.Audit.Golden;
using Facebench.Contracts;

namespace Facebench.Audit.Tests;

public sealed class GoldenTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("facebench-golden-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<GoldenCandidate> Candidates() =>
        [.. Enumerable.Range(0, 50).Select(i => new GoldenCandidate($"s{i}", i < 40 ? "A" : "B"))];

    [Fact]
    public void Files_of_both_forms_are_read()
    {
        GoldenSetSpec listed = GoldenSetFile.Read(Write("g.csv", "# curated\nid,group\ns1,A\ns45,B\n"));
        Assert.Equal("group", listed.Attribute);
        Assert.Equal([new GoldenEntry("s1", "A"), new GoldenEntry("s45", "B")], listed.Samples);
        GoldenSetSpec target = GoldenSetFile.Read(Write("g.yaml", "attribute: group\nsize: 20\ntarget: { A: 1, B: 1 }\n"));
        Assert.Equal(20, target.Size);
        Assert.Equal(1, target.Target!["B"]);
        Assert.Contains("line 3", Assert.Throws<PluginInputException>(() => GoldenSetFile.Read(Write("bad.csv", "id,group\ns1,A\ns1,B\n"))).Message);
        Assert.Contains("'size'", Assert.Throws<PluginInputException>(() => GoldenSetFile.Read(Write("bad.yaml", "attribute: group\nsize: -1\ntarget: { A: 1 }\n"))).Message);
        string shipped = Path.Combine(Testing.RepositoryPaths.RepositoryRoot, "datasets", "golden");
        Assert.Equal(40, GoldenSetFile.Read(Path.Combine(shipped, "balanced-group.yaml")).Size);
        Assert.Equal(40, GoldenSetFile.Read(Path.Combine(shipped, "audit-seed42.csv")).Samples!.Count);
    }

    [Fact]
    public void A_target_is_met_by_resampling_the_biased_set_and_repeats_are_reported()
    {
        var spec = new GoldenSetSpec { Attribute = "group", Target = new Dictionary<string, double> { ["A"] = 0.5, ["B"] = 0.5 }, Size = 30 };
        GoldenSelection s = GoldenSelector.Select(spec, Candidates(), seed: 2);
        Assert.Equal(15, s.Counts["A"]);
        Assert.Equal(15, s.Counts["B"]);
        Assert.True(s.Derived);
        Assert.Contains(s.Notes, n => n.Contains("only 10 distinct samples", StringComparison.Ordinal));
    }

    [Fact]
    public void Golden_attributes_that_do_not_match_the_run_are_refused_with_what_is_present()
    {
        var unknownValue = new GoldenSetSpec { Attribute = "group", Target = new Dictionary<string, double> { ["A"] = 0.5, ["C"] = 0.5 } };
        Assert.Contains("values present: A, B", Assert.Throws<PluginInputException>(() => GoldenSelector.Select(unknownValue, Candidates(), 1)).Message);
        var unlabelled = new GoldenSetSpec { Attribute = "age", Target = new Dictionary<string, double> { ["old"] = 1 } };
        Assert.Contains("no sample of the run has that label", Assert.Throws<PluginInputException>(() => GoldenSelector.Select(unlabelled, [.. Candidates().Select(c => c with { Label = null })], 1)).Message);
        var contradicting = new GoldenSetSpec { Attribute = "group", Samples = [new GoldenEntry("s1", "B")] };
        Assert.Contains("the run labels it 'A'", Assert.Throws<PluginInputException>(() => GoldenSelector.Select(contradicting, Candidates(), 1)).Message);
        var missing = new GoldenSetSpec { Attribute = "group", Samples = [new GoldenEntry("nobody", "A")] };
        Assert.Contains("which the run does not have", Assert.Throws<PluginInputException>(() => GoldenSelector.Select(missing, Candidates(), 1)).Message);
    }

    [Fact]
    public void Analytic_generation_halves_the_mmd_and_zeroth_order_lowers_it()
    {
        var random = new StableRandom(1);
        double[] Row(double shift) => [shift + (0.3 * random.NextGaussian()), 0.3 * random.NextGaussian()];
        var golden = new Dictionary<string, IReadOnlyList<double[]>>
        {
            ["A"] = [.. Enumerable.Range(0, 15).Select(_ => Row(-2))],
            ["B"] = [.. Enumerable.Range(0, 15).Select(_ => Row(2))],
        };

        // A linear generator z (3-D) → f (2-D).
        var map = new Features.LinearFeatureMap([0.5, 0], [1, 0.2, 0, 0, 1, 0.1], 3);
        var settings = new GenerationSettings { Iterations = 80, StepSize = 0.1, Snapshots = [0, 80] };
        GenerationResult analytic = MmdGenerator.Generate(new LinearFeatureGenerator(map), golden, 40, settings, seed: 3);
        Assert.True(analytic.Analytic);
        Assert.True(analytic.Mmd[^1] < 0.5 * analytic.Mmd[0], $"MMD {analytic.Mmd[0]} → {analytic.Mmd[^1]}");
        Assert.Equal(20, analytic.Labels.Count(l => l == "B"));
        Assert.Equal([0, 80], analytic.Snapshots.Keys.Order());

        var blackBox = new BlackBoxFeatureGenerator(3, 2, z => map.Apply(z));
        GenerationResult zeroth = MmdGenerator.Generate(blackBox, golden, 40, settings with { Iterations = 150, Directions = 4 }, seed: 3);
        Assert.False(zeroth.Analytic);
        Assert.True(zeroth.Mmd[^1] < 0.8 * zeroth.Mmd[0], $"MMD {zeroth.Mmd[0]} → {zeroth.Mmd[^1]}");
        Assert.Throws<ArgumentException>(() => MmdGenerator.Generate(blackBox, golden, 10, settings with { Mode = GradientMode.Analytic }, 1));
    }

    [Fact]
    public void The_loop_fine_tunes_a_bare_regression_and_keeps_every_rounds_snapshots_when_asked()
    {
        var random = new StableRandom(2);
        double[] Row(double shift) => [shift + (0.5 * random.NextGaussian()), 0.5 * random.NextGaussian()];
        var golden = new Dictionary<string, IReadOnlyList<double[]>>
        {
            ["A"] = [.. Enumerable.Range(0, 15).Select(_ => Row(-1))],
            ["B"] = [.. Enumerable.Range(0, 15).Select(_ => Row(1))],
        };
        double[][] train = [.. Enumerable.Range(0, 95).Select(_ => Row(-1)), .. Enumerable.Range(0, 5).Select(_ => Row(1))];
        string[] trainLabels = [.. Enumerable.Repeat("A", 95), .. Enumerable.Repeat("B", 5)];
        var model = Classification.SoftmaxRegression.Train(train, trainLabels, new Classification.SoftmaxRegressionOptions { Seed = 1 });
        double[][] testRows = [.. Enumerable.Range(0, 20).Select(_ => Row(-1)), .. Enumerable.Range(0, 20).Select(_ => Row(1))];
        string[] testLabels = [.. Enumerable.Repeat("A", 20), .. Enumerable.Repeat("B", 20)];
        var test = new LabelledFeatures(testRows, testLabels, testLabels);
        var generator = new LinearFeatureGenerator(new Features.LinearFeatureMap([0, 0], [1, 0.2, 0, 0, 1, 0.1], 3));
        var settings = new DebiasingSettings { Rounds = 2, PerRound = 20, Generation = new GenerationSettings { Iterations = 20, Snapshots = [0, 20] }, SnapshotEveryRound = true };

        List<DebiasingRound> every = DebiasingLoop.Run(model, generator, golden, test, settings, seed: 4);
        List<DebiasingRound> first = DebiasingLoop.Run(model, generator, golden, test, settings with { SnapshotEveryRound = false }, seed: 4);

        Assert.Equal([0, 1, 2], every.Select(r => r.Round));
        Assert.Null(every[0].Generation);
        Assert.Equal(Classifiers.HeldOutEvaluation.Of(model, testRows, testLabels, testLabels).Metrics.Accuracy, every[0].Test.Metrics.Accuracy);
        Assert.All(every.Skip(1), r => Assert.Equal([0, 20], r.Generation!.Snapshots.Keys.Order()));
        Assert.Equal([0, 20], first[1].Generation!.Snapshots.Keys.Order());
        Assert.Empty(first[2].Generation!.Snapshots);
        Assert.Equal(every[2].Test.Metrics.Accuracy, first[2].Test.Metrics.Accuracy); // snapshots change nothing else
    }
}
