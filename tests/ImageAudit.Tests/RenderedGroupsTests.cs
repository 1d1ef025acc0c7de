using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Dataset.Rendered;
using Facebench.Plugins.Models;
using Facebench.Plugins.Texture.Models;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary><c>dataset.rendered</c> with <c>groups</c>: labelled renders whose groups differ in shape and albedo.</summary>
public sealed class RenderedGroupsTests
{
    private static readonly PopulationGroup Light = new() { Name = "light", Proportion = 3, TextureComponents = [0], TextureOffset = [1.5], TextureVarianceScale = 0.25 };

    private static readonly PopulationGroup Wide = new() { Name = "wide", Proportion = 1, Components = [0, 1], Offset = [2, -1], VarianceScale = 0.25, TextureComponents = [0], TextureOffset = [-1.5] };

    private static TestPluginContext Context(int seed = 5)
    {
        var context = new TestPluginContext(seed);
        var model = new ReferenceModelPlugin();
        model.Initialize(new ReferenceModelOptions(), context);
        context.WithComponent("model", model);
        var texture = new ProceduralTexturePlugin();
        texture.Initialize(new ProceduralTextureOptions { Model = "model" }, context);
        context.WithComponent("texture", texture);
        return context;
    }

    private static List<Sample> Render(TestPluginContext context, int count, List<PopulationGroup> groups, string label = "group")
    {
        var source = new RenderedDatasetPlugin();
        source.Initialize(new RenderedDatasetOptions { Model = "model", Texture = "texture", Count = count, ImageWidth = 64, ImageHeight = 64, Groups = groups, Label = label }, context);
        return [.. source.Read(default)];
    }

    [Fact]
    public void Groups_get_their_exact_share_interleaved_under_the_chosen_label()
    {
        List<Sample> samples = Render(Context(), 40, [Light, Wide], label: "skin");
        Assert.All(samples, s => Assert.False(s.Labels.ContainsKey("group")));
        Assert.Equal(30, samples.Count(s => s.Labels["skin"] == "light"));
        Assert.Equal(10, samples.Count(s => s.Labels["skin"] == "wide"));
        Assert.Equal(2, samples.Take(8).Count(s => s.Labels["skin"] == "wide")); // a limited run still sees both groups
    }

    [Fact]
    public void Groups_differ_in_the_drawn_shape_and_albedo_coefficients_they_name()
    {
        List<Sample> samples = Render(Context(), 48, [Light, Wide]);
        double Mean(string group, Func<Sample, float> value) => samples.Where(s => s.Labels["group"] == group).Average(value);
        float Identity(Sample s, int k) => s.Get(MorphableFacets.TrueParameters).Identity[k];
        float Albedo(Sample s, int k) => s.Get(TextureFacets.TrueAppearance).TextureCoefficients[k];

        // wide: identity 0 and 1 at +2σ and −1σ (spread 0.5 · 0.8); light: the default prior N(0, 0.8²) there.
        Assert.InRange(Mean("wide", s => Identity(s, 0)), 1.6, 2.4);
        Assert.InRange(Mean("wide", s => Identity(s, 1)), -1.4, -0.6);
        Assert.InRange(Mean("light", s => Identity(s, 0)), -0.5, 0.5);
        double[] wide0 = [.. samples.Where(s => s.Labels["group"] == "wide").Select(s => (double)Identity(s, 0))];
        double spread = Math.Sqrt(wide0.Sum(v => (v - wide0.Average()) * (v - wide0.Average())) / (wide0.Length - 1));
        Assert.InRange(spread, 0.15, 0.7);

        // albedo component 0: +1.5σ for light, −1.5σ for wide; an untouched component has the same prior in both.
        Assert.InRange(Mean("light", s => Albedo(s, 0)), 1.1, 1.9);
        Assert.InRange(Mean("wide", s => Albedo(s, 0)), -2.2, -0.8);
        Assert.InRange(Math.Abs(Mean("light", s => Albedo(s, 1)) - Mean("wide", s => Albedo(s, 1))), 0, 1.2);
    }

    [Fact]
    public void Same_seed_same_faces_and_neutral_groups_leave_every_draw_unchanged()
    {
        List<Sample> a = Render(Context(9), 12, [Light, Wide]);
        List<Sample> b = Render(Context(9), 12, [Light, Wide]);
        Assert.Equal(a.Select(s => s.Labels["group"]), b.Select(s => s.Labels["group"]));
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Get(MorphableFacets.TrueParameters).Identity, b[i].Get(MorphableFacets.TrueParameters).Identity);
            Assert.Equal(a[i].Get(TextureFacets.TrueAppearance).TextureCoefficients, b[i].Get(TextureFacets.TrueAppearance).TextureCoefficients);
            Assert.Equal(a[i].Get(CoreFacets.Image).Pixels, b[i].Get(CoreFacets.Image).Pixels);
        }

        // groups that change nothing label the faces and draw exactly the faces of an unlabelled run.
        List<Sample> plain = Render(Context(9), 12, []);
        List<Sample> neutral = Render(Context(9), 12, [new() { Name = "x" }, new() { Name = "y", Components = [3], Offset = [0], TextureComponents = [2], TextureOffset = [0] }]);
        Assert.All(plain, s => Assert.Empty(s.Labels));
        Assert.Equal(6, neutral.Count(s => s.Labels["group"] == "y"));
        for (int i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain[i].Get(MorphableFacets.TrueParameters).Identity, neutral[i].Get(MorphableFacets.TrueParameters).Identity);
            Assert.Equal(plain[i].Get(TextureFacets.TrueAppearance).TextureCoefficients, neutral[i].Get(TextureFacets.TrueAppearance).TextureCoefficients);
        }
    }

    [Fact]
    public void Bad_groups_are_rejected_naming_the_group_and_the_component()
    {
        TestPluginContext context = Context();
        int textures = context.GetComponent<ITextureModel>("texture").ComponentCount;
        var error = Assert.Throws<PluginInputException>(() => Render(context, 4, [Light, new() { Name = "pale", TextureComponents = [textures], TextureOffset = [1] }]));
        Assert.Contains("group 'pale'", error.Message);
        Assert.Contains($"texture component {textures} does not exist", error.Message);
        Assert.Contains($"0..{textures - 1}", error.Message);

        error = Assert.Throws<PluginInputException>(() => Render(context, 4, [new() { Name = "long", Components = [-1], Offset = [1] }]));
        Assert.Contains("group 'long': identity component -1", error.Message);
        error = Assert.Throws<PluginInputException>(() => Render(context, 4, [new() { Name = "odd", TextureComponents = [0, 1], TextureOffset = [1] }]));
        Assert.Contains("'texture_offset'", error.Message);
        error = Assert.Throws<PluginInputException>(() => Render(context, 4, [Light, new() { Name = "light" }]));
        Assert.Contains("unique", error.Message);
        error = Assert.Throws<PluginInputException>(() => Render(context, 4, [Light], label: " "));
        Assert.Contains("'label'", error.Message);
    }
}
