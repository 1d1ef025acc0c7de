using Facebench.Host.Pipelines;
using Xunit;

namespace Facebench.Host.Tests;

/// <summary>Overrides, environment expansion, path resolution and option binding.</summary>
public sealed class PipelineLoaderTests
{
    private const string Base = """
        name: base
        components:
          thing: { use: test.named, with: { name: first } }
        source: { use: test.count, with: { count: 4 } }
        stages:
          - use: test.uses
            with: { level: 2, file: data/input.txt }
        """;

    // The test plugins live in their own load context: name their facets rather than referencing their types.
    private static readonly Contracts.FacetKey<string> FilePath = new("file_path");
    private static readonly Contracts.FacetKey<string> Thing = new("thing");

    private static LoadedPipeline Load(HostTestEnvironment env, string yaml, string[]? set = null, Func<string, string?>? environment = null)
    {
        var definition = PipelineLoader.Load(env.Write("p.yaml", yaml), set, environment);
        return LoadedPipeline.Load(definition, HostTestEnvironment.TestCatalog(), new RunSettings(env.Directory, definition.Seed, IsValidationOnly: false));
    }

    private static Contracts.Sample RunOne(LoadedPipeline pipeline)
    {
        var sample = pipeline.CreateSource().Read(CancellationToken.None).First();
        return pipeline.CreateStage(0).Process(sample, CancellationToken.None);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_pipeline_folder()
    {
        using var env = new HostTestEnvironment();

        var sample = RunOne(Load(env, Base));

        Assert.Equal(Path.Combine(env.Directory, "data", "input.txt"), sample.Get(FilePath));
    }

    [Fact]
    public void Set_overrides_nested_values_and_creates_missing_keys()
    {
        using var env = new HostTestEnvironment();

        var pipeline = Load(env, Base, ["source.with.count=9", "stages[0].with.level=5", "seed=11"]);

        Assert.Equal(9, pipeline.CreateSource().Read(CancellationToken.None).Count());
        Assert.Equal(11, pipeline.Definition.Seed);
        var level = ((MappingNode)((SequenceNode)pipeline.Definition.Root["stages"]!).Items[0])["with"] as MappingNode;
        Assert.Equal("5", ((ScalarNode)level!["level"]!).Value);
        Assert.True(level["level"]!.Mark.IsCommandLine);
    }

    [Fact]
    public void Set_with_a_component_name_replaces_its_plugin()
    {
        using var env = new HostTestEnvironment();

        var definition = PipelineLoader.Load(env.Write("p.yaml", Base), ["thing=test.other"]);

        Assert.Equal("test.other", definition.Components.Single().Id);
    }

    [Fact]
    public void Set_values_are_yaml_so_lists_can_be_given()
    {
        using var env = new HostTestEnvironment();

        var pipeline = Load(env, Base, ["source.with.groups=[x, y, z]", "source.with.count=6"]);

        var groups = pipeline.CreateSource().Read(CancellationToken.None).Select(s => s.Labels["group"]).ToList();
        Assert.Equal(["x", "y", "z", "x", "y", "z"], groups);
    }

    [Fact]
    public void Paths_given_with_set_resolve_against_the_working_directory()
    {
        using var env = new HostTestEnvironment();

        var sample = RunOne(Load(env, Base, ["stages[0].with.file=rel/x.txt"]));

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "rel", "x.txt"), sample.Get(FilePath));
    }

    [Fact]
    public void Environment_variables_expand_with_defaults_and_escapes()
    {
        using var env = new HostTestEnvironment();
        var variables = new Dictionary<string, string> { ["FB_COUNT"] = "3", ["FB_NAME"] = "from-env" };
        string yaml = Base.Replace("count: 4", "count: \"${FB_COUNT}\"", StringComparison.Ordinal)
            .Replace("name: first", "name: \"${FB_NAME}-${FB_MISSING:-fallback}-$${literal}\"", StringComparison.Ordinal);

        var pipeline = Load(env, yaml, environment: variables.GetValueOrDefault);

        Assert.Equal(3, pipeline.CreateSource().Read(CancellationToken.None).Count());
        Assert.Equal("from-env-fallback-${literal}", RunOne(pipeline).Get(Thing));
    }

    [Fact]
    public void A_component_plugin_id_can_stand_in_for_a_named_component()
    {
        using var env = new HostTestEnvironment();

        var sample = RunOne(Load(env, Base, ["stages[0].with.thing=test.named"]));

        Assert.Equal("unnamed", sample.Get(Thing));
    }

    [Fact]
    public void Components_are_created_once_and_shared()
    {
        using var env = new HostTestEnvironment();
        var pipeline = Load(env, Base);

        var a = pipeline.GetComponent("thing", typeof(Contracts.IComponent), new SourceMark("t", 0, 0));
        var b = pipeline.GetComponent("thing", typeof(Contracts.IComponent), new SourceMark("t", 0, 0));

        Assert.Same(a, b);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("off", false)]
    [InlineData("True", true)]
    public void Booleans_accept_yaml_spellings(string text, bool expected)
    {
        using var env = new HostTestEnvironment();
        var catalog = Catalog.PluginCatalog.Load([HostTestEnvironment.Plugins]);
        var schema = catalog.Find("dataset.pts-folder")!.Options;
        var with = (MappingNode)PipelineYamlReader.Parse($"path: x\nrecursive: {text}\n", "t.yaml");

        object options = OptionBinder.Bind(schema, with, with.Mark, "dataset.pts-folder", env.Directory);

        Assert.Equal(expected, schema.Find("recursive")!.Property.GetValue(options));
    }
}
