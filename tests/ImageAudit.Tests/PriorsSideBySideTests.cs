using System.Collections.Immutable;
using Facebench.Audit.Models;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Plugins.Audit;
using Facebench.Plugins.Dataset.Rendered;
using Facebench.Plugins.Models;
using Facebench.Plugins.Texture.Models;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>
/// Several priors side by side on images: dataset.rendered's <c>priors</c>, analysis.prior-images (distribution read
/// per population, beside the target and the disclosed make-up of a real model.pca build) and report.prior-images.
/// </summary>
public sealed class PriorsSideBySideTests
{
    private static readonly Lazy<PcaMorphableModel> Skewed = new(() => PcaModelBuilder.Build(ReferenceModelBuilder.Build(identityComponents: 12, expressionComponents: 2), new PcaModelSpec
    {
        Count = 40,
        IdentityComponents = 6,
        Seed = 4,
        Groups = [new PopulationGroup { Name = "A", Proportion = 3, Components = [0], Offset = [1] }, new PopulationGroup { Name = "B", Proportion = 1, Components = [0], Offset = [-1] }],
    }));

    private static TestPluginContext Context()
    {
        var context = new TestPluginContext(3);
        var model = new ReferenceModelPlugin();
        model.Initialize(new ReferenceModelOptions(), context);
        context.WithComponent("model", model);
        var texture = new ProceduralTexturePlugin();
        texture.Initialize(new ProceduralTextureOptions { Model = "model" }, context);
        context.WithComponent("texture", texture);
        context.WithComponent("skewed", Skewed.Value);
        return context;
    }

    [Fact]
    public void Priors_follow_the_main_population_labelled_with_their_name_and_model()
    {
        var source = new RenderedDatasetPlugin();
        source.Initialize(new RenderedDatasetOptions
        {
            Model = "model", Texture = "texture", Count = 4, ImageWidth = 48, ImageHeight = 48,
            Groups = [new() { Name = "A" }, new() { Name = "B" }],
            Priors = [new() { Name = "ref", Model = "model", Texture = "texture", Count = 3 }, new() { Name = "pca", Model = "skewed", Texture = "texture", Count = 2 }],
        }, Context());
        List<Sample> samples = [.. source.Read(default)];

        Assert.Equal(9, source.CountHint);
        Assert.Equal(["rendered-000000", "rendered-000001", "rendered-000002", "rendered-000003", "rendered-ref-000000", "rendered-ref-000001", "rendered-ref-000002", "rendered-pca-000000", "rendered-pca-000001"], samples.Select(s => s.Id));
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (long)i), samples.Select(s => s.Index));
        Assert.All(samples.Take(4), s => Assert.False(s.Labels.ContainsKey("prior")));
        Assert.Equal(["ref", "ref", "ref", "pca", "pca"], samples.Skip(4).Select(s => s.Labels["prior"]));
        Assert.All(samples.Skip(4), s => Assert.False(s.Labels.ContainsKey("group")));
        Assert.Equal(["skewed", "skewed"], samples.Skip(7).Select(s => s.Get(MorphableFacets.ModelId)));
        Assert.Equal(Skewed.Value.IdentityCount, samples[^1].Get(MorphableFacets.TrueParameters).Identity.Length);
        Assert.Equal(48 * 48 * 3, samples[^1].Get(CoreFacets.Image).Pixels.Length);
    }

    [Fact]
    public void Bad_priors_are_rejected_with_the_reason()
    {
        TestPluginContext context = Context();
        PluginInputException Fails(params RenderedPrior[] priors) => Assert.Throws<PluginInputException>(() =>
            new RenderedDatasetPlugin().Initialize(new RenderedDatasetOptions { Model = "model", Texture = "texture", Count = 1, Priors = [.. priors] }, context));

        Assert.Contains("unique names", Fails(new RenderedPrior { Name = "x", Model = "model", Texture = "texture" }, new RenderedPrior { Name = "x", Model = "model", Texture = "texture" }).Message);
        Assert.Contains("'a b'", Fails(new RenderedPrior { Name = "a b", Model = "model", Texture = "texture" }).Message);
        Assert.Contains("prior 'x'", Fails(new RenderedPrior { Name = "x", Model = "model", Texture = "texture", Count = -1 }).Message);
        Assert.Contains("nowhere", Fails(new RenderedPrior { Name = "x", Model = "nowhere", Texture = "texture" }).Message);
    }

    private static Sample Read(string id, string? prior, string model, string gender, double p) =>
        (prior is null ? new Sample(id) : new Sample(id).WithLabel("prior", prior))
            .With(MorphableFacets.ModelId, model)
            .With(FaceAttributeFacets.Attributes, (IReadOnlyDictionary<string, AttributePrediction>)ImmutableSortedDictionary<string, AttributePrediction>.Empty.Add("group",
                new AttributePrediction(gender, p, new Dictionary<string, double> { [gender] = p, [gender == "A" ? "B" : "A"] = 1 - p })));

    [Fact]
    public void Each_prior_is_measured_against_the_target_and_its_disclosed_make_up()
    {
        List<Sample> samples =
        [
            Read("g1", null, "model", "A", 0.9), // the labelled renders are not a prior: left out
            Read("r1", "ref", "model", "A", 0.6), Read("r2", "ref", "model", "B", 0.8),
            Read("p1", "pca", "skewed", "A", 0.7), Read("p2", "pca", "skewed", "A", 0.9), Read("p3", "pca", "skewed", "B", 0.6), Read("p4", "pca", "skewed", "A", 0.8),
            new Sample("p5").WithLabel("prior", "pca").With(MorphableFacets.ModelId, "skewed"), // not read
        ];
        var analysis = new PriorImagesAnalysis();
        analysis.Initialize(new PriorImagesOptions { Head = "group", Target = new() { ["A"] = 1, ["B"] = 1 } }, Context());
        var output = (PriorImagesOutput)analysis.Analyze(new ReportContext("p", "r", Path.GetTempPath(), samples));

        Assert.Equal(1, output.Skipped);
        Assert.Equal(["ref", "pca"], output.Populations.Select(p => p.Name));
        PriorImagesPopulation reference = output.Populations[0], pca = output.Populations[1];
        Assert.Null(reference.Makeup); // the reference head discloses no make-up
        Assert.Null(reference.MakeupTotalVariation);
        Assert.Equal(0, reference.Result.TotalVariation, 12);
        Assert.Equal("skewed", pca.Model);
        Assert.Equal(new Dictionary<string, int> { ["A"] = 30, ["B"] = 10 }, pca.Makeup!.Counts);
        Assert.Equal(0.75, pca.Result.Predicted["A"], 12);
        Assert.Equal((0.7 + 0.9 + 0.4 + 0.8) / 4, pca.Result.MeanProbability["A"], 12);
        Assert.Equal(0.25, pca.Result.TotalVariation, 12); // ½ (|0.75 − 0.5| + |0.25 − 0.5|)
        Assert.Equal(0, pca.MakeupTotalVariation!.Value, 12); // read 75/25, built from 30 + 10
        Assert.Contains("A 75% / B 25%", output.Findings[1].Statement);
        Assert.True(output.Findings[1].Concern);

        var stored = new StoredAnalysis("priors", "analysis.prior-images", "1.0.0", System.Text.Json.JsonSerializer.SerializeToElement(output, FacebenchJson.Options), null);
        var report = new PriorImagesReport();
        report.Initialize(new PriorImagesReportOptions { Analysis = "priors" }, new TestPluginContext());
        ReportSection section = report.Build(new ReportContext("p", "r", Path.GetTempPath(), samples, new Dictionary<string, StoredAnalysis> { ["priors"] = stored }));
        ReportTable table = section.Blocks.OfType<ReportTable>().Single();
        Assert.Equal(["ref", "pca"], table.Rows.Select(r => r[0]));
        Assert.Equal("75.0%", table.Rows[1][table.Columns.ToList().IndexOf("A make-up")]);
        Assert.Equal("–", table.Rows[0][table.Columns.ToList().IndexOf("A make-up")]);
        Assert.Equal(0.25, section.Metrics.Single(m => m.Name == "prior.tv.pca").Value, 12);
        Assert.Single(section.Blocks.OfType<ReportFigure>());
    }

    [Fact]
    public void Exactly_one_reader_is_required()
    {
        Assert.Throws<PluginInputException>(() => new PriorImagesAnalysis().Initialize(new PriorImagesOptions(), new TestPluginContext()));
        Assert.Throws<PluginInputException>(() => new PriorImagesAnalysis().Initialize(new PriorImagesOptions { Head = "g", Probe = "p.zip" }, new TestPluginContext()));
        var missing = new PriorImagesAnalysis();
        missing.Initialize(new PriorImagesOptions { Probe = "probes/none.zip" }, new TestPluginContext());
        var error = Assert.Throws<PluginInputException>(() => missing.Analyze(new ReportContext("p", "r", Path.GetTempPath(), [])));
        Assert.EndsWith("none.zip", error.Path);
    }
}
