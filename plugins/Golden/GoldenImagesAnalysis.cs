using System.Diagnostics;
using Facebench.Audit.Analyses;
using Facebench.Audit.Classifiers;
using Facebench.Audit.Golden;
using Facebench.Audit.Images;
using Facebench.Classification;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Distributions;
using Facebench.Identity;
using static Facebench.Audit.Reporting.AuditText;

namespace Facebench.Plugins.Golden;

/// <summary>
/// The golden-set debiasing loop on images (issue 13, item 4), run once per run as an analysis. The run's labelled
/// renders (e.g. <c>dataset.rendered</c> with <c>groups</c>) are split three ways: a golden set with the target
/// distribution, a skewed training set for the biased probe, and the rest as the held-out test set. Every face is
/// re-rendered from its true identity and albedo coefficients in one fixed capture and embedded with the recogniser
/// (<see cref="RenderedEmbeddingGenerator"/>), so golden, training, test and generated faces share one feature space.
/// The biased probe is an <see cref="AttributeProbe"/> (ML.NET softmax regression) on the training embeddings; then
/// K rounds of <see cref="DebiasingLoop"/>: fresh latents moved by <see cref="MmdGenerator"/> towards the golden
/// embeddings (analytic gradient through the network, the warp and the renderer), the probe fine-tuned on the
/// generated renders, and judged on the test set (overall, per-group and worst-group accuracy, equalized-odds gap).
/// The output (<see cref="GoldenImagesOutput"/>, with each round's embeddings projected for the density strips) is
/// stored in the run folder; <c>golden.images</c> renders it.
/// </summary>
[Plugin("analysis.golden-images", PluginKind.Analysis, "1.0.0", "Golden-set loop on images: MMD generation of renders towards golden face embeddings and K rounds of fine-tuning a biased embedding probe, judged on held-out renders")]
public sealed class GoldenImagesAnalysis : Plugin<GoldenImagesOptions>, IAnalysis
{
    private const string Area = "Golden-set debiasing on images";
    private IMorphableModel? _model;
    private ITextureModel? _texture;
    private string _recogniser = "";

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        GoldenImagesOptions o = Options;
        if (o.Rounds < 1 || o.PerRound < 2 || o.Iterations < 1 || !(o.StepSize > 0) || o.Size < 2 || o.TrainSize < 2 || o.StripPanels < 1
            || o.Directions < 1 || o.Threads < 1 || !(o.L2 >= 0) || !double.IsFinite(o.L2) || !(o.RecogniserStd > 0) || o.ImageSize < 32)
        {
            throw new PluginInputException("analysis.golden-images: rounds ≥ 1, per_round ≥ 2, iterations ≥ 1, step_size > 0, size ≥ 2, train_size ≥ 2, strip_panels ≥ 1, directions ≥ 1, threads ≥ 1, image_size ≥ 32, recogniser_std > 0 and a finite l2 ≥ 0 are required.");
        }

        if (o.TrainTarget.Count == 0)
        {
            throw new PluginInputException($"analysis.golden-images: 'train_target' is empty; give the skewed make-up of the biased probe's training renders over '{o.Attribute}', e.g. {{A: 0.95, B: 0.05}}.");
        }

        _model = Context.GetComponent<IMorphableModel>(o.Model);
        _texture = Context.GetComponent<ITextureModel>(o.Texture);
        if (_texture.Layout != TextureLayout.PerVertex || _texture.VertexCount != _model.VertexCount)
        {
            throw new PluginInputException($"analysis.golden-images: texture '{o.Texture}' ({_texture.Name}) must be a per-vertex texture model of model '{o.Model}' ({_model.VertexCount} vertices); it is a {_texture.Layout} model of {_texture.VertexCount}.");
        }

        if (o.IdentityComponents < 0 || o.IdentityComponents > _model.IdentityCount || o.TextureComponents < 0 || o.TextureComponents > _texture.ComponentCount || o.IdentityComponents + o.TextureComponents == 0)
        {
            throw new PluginInputException($"analysis.golden-images: identity_components must be in 0..{_model.IdentityCount} (model '{o.Model}') and texture_components in 0..{_texture.ComponentCount} (texture '{o.Texture}'), at least one of them positive.");
        }

        _recogniser = Path.GetFullPath(Path.Combine(Context.PipelineDirectory, o.Recogniser));
        if (!File.Exists(_recogniser))
        {
            throw new PluginInputException($"analysis.golden-images: no recogniser model {_recogniser} (run ./build.sh --target=assets for faceplugin's fr_feature.onnx).", _recogniser);
        }
    }

    /// <inheritdoc />
    public object Analyze(ReportContext context)
    {
        GoldenImagesOptions o = Options;
        var samples = context.Succeeded
            .Where(s => s.Has(MorphableFacets.TrueParameters) && s.Has(TextureFacets.TrueAppearance) && s.Labels.ContainsKey(o.Attribute) && s.Labels.ContainsKey(o.Sensitive))
            .ToList();
        if (samples.Count == 0)
        {
            return Failed($"No sample of the run has '{MorphableFacets.TrueParameters.Name}', '{TextureFacets.TrueAppearance.Name}' and the labels '{o.Attribute}' and '{o.Sensitive}': analysis.golden-images re-renders labelled renders from their true coefficients (dataset.rendered with groups). Nothing was generated.");
        }

        // Golden set first (the target make-up), then the biased training set from the rest, then the rest is the test set.
        var spec = new GoldenSetSpec { Attribute = o.Attribute, Target = o.Target.Count > 0 ? o.Target : null, Size = o.Size };
        GoldenSelection selection = GoldenSelector.Select(spec, [.. samples.Select(s => new GoldenCandidate(s.Id, s.Labels[o.Attribute]))], Context.DeriveSeed("golden-images.select"));
        var goldenIndices = selection.Members.Select(m => m.Index).ToHashSet();
        int[] rest = [.. Enumerable.Range(0, samples.Count).Where(i => !goldenIndices.Contains(i))];
        string[] missing = [.. o.TrainTarget.Where(kv => kv.Value > 0 && !rest.Any(i => samples[i].Labels[o.Attribute] == kv.Key)).Select(kv => kv.Key)];
        if (missing.Length > 0)
        {
            return Failed($"Outside the golden set no render has {o.Attribute} = {string.Join(", ", missing)}, which train_target asks for; render more faces or change the targets.", selection);
        }

        List<ResampledItem> drawn = StratifiedResampling.Resample([.. rest.Select(i => samples[i].Labels[o.Attribute])], o.TrainTarget, o.TrainSize, Context.DeriveSeed("golden-images.train"));
        int[] train = [.. drawn.Select(d => rest[d.Index])];
        var trainSet = train.ToHashSet();
        int[] test = [.. rest.Where(i => !trainSet.Contains(i))];
        if (test.Length == 0)
        {
            return Failed("The golden and training sets take every labelled render: no held-out renders are left to judge the probe on. Render more faces or use smaller sets.", selection);
        }

        var clock = Stopwatch.StartNew();
        using var network = new FaceRecognitionNetwork(_recogniser, new FaceRecognitionSettings { Std = o.RecogniserStd, Session = new Onnx.OnnxSessionSettings { IntraOpThreads = o.Threads } });
        var generator = new RenderedEmbeddingGenerator(_model!, _texture!, network, new RenderedEmbeddingSettings
        {
            IdentityComponents = o.IdentityComponents,
            TextureComponents = o.TextureComponents,
            ImageSize = o.ImageSize,
        });
        var features = new Dictionary<int, double[]>();
        double[] Embedding(int i) => features.TryGetValue(i, out double[]? f) ? f : features[i] = generator.Features(generator.Latent(
            samples[i].Get(MorphableFacets.TrueParameters).Identity, samples[i].Get(TextureFacets.TrueAppearance).TextureCoefficients));

        var golden = selection.Members.GroupBy(m => m.Label).ToDictionary(
            g => g.Key, g => (IReadOnlyList<double[]>)[.. g.Select(m => Embedding(m.Index))], StringComparer.Ordinal);
        var probe = AttributeProbe.Train(
            [.. train.Select(i => new ProbeExample(samples[i].Id, Embedding(i), samples[i].Labels[o.Attribute], samples[i].Labels[o.Sensitive]))],
            o.Attribute, "rendered embedding", new SoftmaxRegressionOptions { L2 = o.L2, MaxIterations = 200, Seed = Context.DeriveSeed("golden-images.probe") },
            heldOutFraction: 0, calibrationBins: 10, source: "skewed labelled renders of the run");
        string[] unknown = [.. selection.Counts.Keys.Where(k => !probe.Model.Classes.Contains(k, StringComparer.Ordinal))];
        if (unknown.Length > 0)
        {
            return Failed($"The biased probe never saw {o.Attribute} = {string.Join(", ", unknown)} (its training make-up is {probe.TrainingMakeup}); give every golden value a positive share in train_target.", selection);
        }

        var testSet = new LabelledFeatures([.. test.Select(Embedding)], [.. test.Select(i => samples[i].Labels[o.Attribute])], [.. test.Select(i => samples[i].Labels[o.Sensitive])]);
        double embedSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();

        int[] snapshots = [.. Enumerable.Range(0, o.StripPanels).Select(p => o.StripPanels == 1 ? o.Iterations : (int)Math.Round(p * o.Iterations / (double)(o.StripPanels - 1))).Distinct()];
        var settings = new DebiasingSettings
        {
            Rounds = o.Rounds,
            PerRound = o.PerRound,
            SnapshotEveryRound = true,
            Generation = new GenerationSettings { Iterations = o.Iterations, StepSize = o.StepSize, Mode = o.Gradient, Directions = o.Directions, Snapshots = snapshots },
            FineTune = new SoftmaxRegressionOptions { L2 = o.L2, MaxIterations = 200 },
        };
        List<DebiasingRound> rounds = DebiasingLoop.Run(probe.Model, generator, golden, testSet, settings, Context.DeriveSeed("golden-images.generate"));
        double loopSeconds = clock.Elapsed.TotalSeconds;

        var projection = PrincipalProjection.Fit([.. golden.Values.SelectMany(v => v)]);
        var strips = rounds.Skip(1).ToDictionary(
            r => r.Round,
            r => (IReadOnlyDictionary<int, IReadOnlyList<double[]>>)r.Generation!.Snapshots.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double[]>)[.. kv.Value.Select(projection.Project)]));
        return new GoldenImagesOutput(
            null, selection, Describe(generator, network), probe.TrainingMakeup.Counts, o.Sensitive, test.Length, [.. rounds.Select(Slim)],
            [.. golden.Values.SelectMany(v => v).Select(projection.Project)], strips, projection.ExplainedVariance.Sum(),
            new Dictionary<string, double> { ["embedding"] = embedSeconds, ["loop"] = loopSeconds }, Findings(selection, probe.TrainingMakeup, test.Length, rounds));
    }

    private GoldenImagesOutput Failed(string problem, GoldenSelection? selection = null) =>
        new(problem, selection, "", new Dictionary<string, int>(), Options.Sensitive, 0, [], [], new Dictionary<int, IReadOnlyDictionary<int, IReadOnlyList<double[]>>>(), double.NaN,
            new Dictionary<string, double>(), [new Finding(Area, problem, true)]);

    private string Describe(RenderedEmbeddingGenerator generator, FaceRecognitionNetwork network)
    {
        RenderedEmbeddingSettings s = generator.Settings;
        return $"latent = {s.IdentityComponents} identity coefficients of '{Options.Model}' ({_model!.Name}) + {s.TextureComponents} albedo coefficients of '{Options.Texture}' ({_texture!.Name}), rendered at {s.ImageSize}×{s.ImageSize} (yaw {F(s.Yaw, 0)}°, fixed light), aligned to the mean face's 112×112 ArcFace crop and embedded by {Path.GetFileName(network.Path)} ({generator.FeatureDimension} values, L2-normalised)";
    }

    private static List<Finding> Findings(GoldenSelection selection, Audit.Models.TrainingMakeup makeup, int testCount, List<DebiasingRound> rounds)
    {
        DebiasingRound first = rounds[0], last = rounds[^1];
        GenerationResult g1 = rounds[1].Generation!;
        double meanReduction = rounds.Skip(1).Average(x => DebiasingFigures.Reduction(x.Generation!));
        string counts = string.Join(" + ", selection.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
        return
        [
            new Finding(Area, $"Golden set: {selection.Members.Count} renders ({counts}); biased probe trained on {makeup}; {testCount} other renders are the held-out test set.", selection.Notes.Count > 0),
            new Finding(Area, $"Generation of renders ({(g1.Analytic ? "analytic gradient through the recogniser, the warp and the renderer" : "zeroth-order SPSA")}) lowers the MMD of their embeddings to the golden set from {F(g1.Mmd[0], 3)} to {F(g1.Mmd[^1], 3)} in round 1 (−{Percent(DebiasingFigures.Reduction(g1), 0)}; mean over {rounds.Count - 1} rounds −{Percent(meanReduction, 0)}).", false),
            new Finding(Area, $"Fine-tuning the biased probe over {rounds.Count - 1} rounds moves worst-group test accuracy from {Percent(first.Test.Metrics.WorstGroupAccuracy)} ({first.Test.Metrics.WorstGroup}) to {Percent(last.Test.Metrics.WorstGroupAccuracy)} ({last.Test.Metrics.WorstGroup}), overall accuracy {Percent(first.Test.Metrics.Accuracy)} → {Percent(last.Test.Metrics.Accuracy)}, equalized-odds gap {F(first.Test.Metrics.EqualizedOddsGap)} → {F(last.Test.Metrics.EqualizedOddsGap)}.",
                last.Test.Metrics.WorstGroupAccuracy <= first.Test.Metrics.WorstGroupAccuracy),
        ];
    }

    /// <summary>A round as stored: latents, raw features and snapshots are dropped (the strips keep them projected).</summary>
    private static DebiasingRound Slim(DebiasingRound round) => round.Generation is { } g
        ? round with { Generation = g with { Latents = [], Features = [], Labels = [], Snapshots = new Dictionary<int, IReadOnlyList<double[]>>() } }
        : round;
}
