using Facebench.Contracts;
using Facebench.Host.Catalog;
using Xunit;

namespace Facebench.Host.Tests;

public sealed class PluginCatalogTests
{
    [Fact]
    public void Discovers_test_plugins_with_metadata_and_options()
    {
        var catalog = HostTestEnvironment.TestCatalog();

        Assert.Empty(catalog.Problems);
        var work = catalog.Find("test.work");
        Assert.NotNull(work);
        Assert.Equal(PluginKind.Stage, work.Kind);
        Assert.Equal("1.0.0", work.Metadata.Version);
        Assert.Equal("Facebench.Host.TestPlugins.dll", work.AssemblyFile);
        var delay = work.Options.Find("delay_ms");
        Assert.NotNull(delay);
        Assert.Equal("int", delay.TypeName);
        Assert.Equal("0", delay.DefaultText);
        Assert.Equal("Milliseconds to sleep per sample.", delay.Description);

        var uses = catalog.Find("test.uses")!;
        Assert.True(uses.Options.Find("level")!.IsRequired);
        Assert.True(uses.Options.Find("file")!.IsPath);
        Assert.Equal("fast|very_slow", uses.Options.Find("mode")!.TypeName);
    }

    [Fact]
    public void Broken_assembly_is_reported_by_name_and_the_rest_keep_working()
    {
        using var env = new HostTestEnvironment();
        foreach (string file in Directory.GetFiles(HostTestEnvironment.TestPlugins))
        {
            File.Copy(file, Path.Combine(env.Directory, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(env.Directory, "Facebench.Plugins.Broken.dll"), "this is not a .NET assembly");

        var catalog = PluginCatalog.Load([env.Directory]);

        var problem = Assert.Single(catalog.Problems);
        Assert.Equal("Facebench.Plugins.Broken.dll", problem.Source);
        Assert.StartsWith("could not be loaded: ", problem.Message, StringComparison.Ordinal);
        Assert.False(problem.IsFatal);
        Assert.NotNull(catalog.Find("test.count"));
        Assert.NotNull(catalog.Find("test.work"));
    }

    [Fact]
    public void Duplicate_ids_are_a_fatal_problem_naming_both_assemblies()
    {
        var catalog = PluginCatalog.Load([HostTestEnvironment.TestPlugins, HostTestEnvironment.DuplicatePlugins]);

        var problem = Assert.Single(catalog.Problems, p => p.IsFatal);
        Assert.Contains("'test.count'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Facebench.Host.TestPlugins.dll", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Facebench.Host.DuplicatePlugins.dll", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_folder_is_reported_not_thrown()
    {
        var catalog = PluginCatalog.Load(["/nonexistent/facebench/plugins"]);

        Assert.Empty(catalog.Plugins);
        Assert.Contains(catalog.Problems, p => p.Message == "plugins folder not found");
    }

    [Fact]
    public void Shipped_plugins_folder_has_the_annotated_sources()
    {
        var catalog = PluginCatalog.Load([HostTestEnvironment.Plugins]);

        Assert.DoesNotContain(catalog.Problems, p => p.IsFatal);
        Assert.Equal(PluginKind.Source, catalog.Find("dataset.pts-folder")?.Kind);
        Assert.Equal(PluginKind.Source, catalog.Find("dataset.dlib-xml")?.Kind);
    }
}
