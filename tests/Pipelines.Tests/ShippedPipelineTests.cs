using Facebench.Host.Catalog;
using Facebench.Host.Pipelines;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>Every pipeline the repository ships must pass <c>facebench validate</c> on the shipped plugins.</summary>
public sealed class ShippedPipelineTests
{
    public static TheoryData<string> Pipelines()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines"), "*.yaml").Order(StringComparer.Ordinal))
        {
            // video.yaml needs the user's video file; PhotoAndVideoPipelineTests runs it on a clip it makes.
            if (Path.GetFileName(file) != "video.yaml")
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Validates(string file)
    {
        if (!Directory.Exists(RepositoryPaths.SharedRoot) && !SharedDataFactAttribute.IsCi && File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", file)).Contains("shared", StringComparison.Ordinal))
        {
            return; // needs the shared data, which this machine lacks (CI always has it)
        }

        var catalog = PluginCatalog.Load([RepositoryPaths.PluginsFolder]);
        Assert.DoesNotContain(catalog.Problems, p => p.IsFatal);
        var definition = PipelineLoader.Load(Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines", file));
        var pipeline = LoadedPipeline.Load(definition, catalog, new RunSettings(Path.GetTempPath(), definition.Seed, IsValidationOnly: true));

        pipeline.InitialiseAll();

        Assert.Equal(Path.GetFileNameWithoutExtension(file), definition.Name);
    }

    [Fact]
    public void No_plugin_assembly_fails_to_load()
    {
        var catalog = PluginCatalog.Load([RepositoryPaths.PluginsFolder]);

        Assert.Empty(catalog.Problems);
        Assert.All(catalog.Plugins, p => Assert.False(string.IsNullOrWhiteSpace(p.Metadata.Description), $"{p.Id} has no description"));
        Assert.All(catalog.Plugins.SelectMany(p => p.Options.Options.Select(o => (p.Id, o))), x => Assert.False(string.IsNullOrWhiteSpace(x.o.Description), $"{x.Id}: option '{x.o.Key}' has no description"));
    }
}
