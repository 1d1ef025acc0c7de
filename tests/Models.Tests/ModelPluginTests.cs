using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Models;
using Facebench.Testing;

namespace Facebench.Models.Tests;

public sealed class ModelPluginTests
{
    private static string PipelinesFolder => Path.Combine(RepositoryPaths.RepositoryRoot, "pipelines");

    [SharedDataFact("models/sfm/sfm_shape_3448.bin", "models/sfm/expression_blendshapes_3448.bin", "models/sfm/ibug_to_sfm.txt", "models/sfm/sfm_model_contours.json")]
    public void Sfm_defaults_resolve_from_the_pipelines_folder()
    {
        var plugin = new SfmModelPlugin();
        plugin.Initialize(new SfmModelOptions(), new TestPluginContext(pipelineDirectory: PipelinesFolder));
        IMorphableModel model = plugin.Instance;
        Assert.Equal(3448, model.VertexCount);
        Assert.Equal(63, model.IdentityCount);
        Assert.Equal(6, model.ExpressionCount);
        Assert.Equal(50, model.Landmarks.MappedCount);
        Assert.True(model.Landmarks.HasContours);
    }

    [SharedDataFact("models/sfm/sfm_shape_3448.bin")]
    public void Sfm_options_truncate_and_switch_off_companions()
    {
        var plugin = new SfmModelPlugin();
        var options = new SfmModelOptions { Expressions = "none", Contours = "none", IdentityComponents = 10 };
        plugin.Initialize(options, new TestPluginContext(pipelineDirectory: PipelinesFolder));
        Assert.Equal(10, plugin.Instance.IdentityCount);
        Assert.Equal(0, plugin.Instance.ExpressionCount);
        Assert.False(plugin.Instance.Landmarks.HasContours);
    }

    [Fact]
    public void Sfm_missing_file_is_a_plugin_input_error_naming_it()
    {
        var plugin = new SfmModelPlugin();
        string folder = Path.Combine(Path.GetTempPath(), "facebench-no-such-folder");
        var e = Assert.Throws<PluginInputException>(() => plugin.Initialize(new SfmModelOptions { Path = "nothing/model.bin" }, new TestPluginContext(pipelineDirectory: folder)));
        Assert.Contains(Path.Combine(folder, "nothing", "model.bin"), e.Message);
    }

    [Fact]
    public void Reference_model_defaults_and_option_checks()
    {
        var plugin = new ReferenceModelPlugin();
        plugin.Initialize(new ReferenceModelOptions(), new TestPluginContext());
        Assert.Equal(24, plugin.Instance.IdentityCount);
        Assert.Equal(6, plugin.Instance.ExpressionCount);
        Assert.Equal(68, plugin.Instance.Landmarks.MappedCount);

        var small = new ReferenceModelPlugin();
        small.Initialize(new ReferenceModelOptions { IdentityComponents = 20, ExpressionComponents = 5 }, new TestPluginContext());
        Assert.Equal(20, small.Instance.IdentityCount);
        Assert.Equal(5, small.Instance.ExpressionCount);

        Assert.Throws<PluginInputException>(() => new ReferenceModelPlugin().Initialize(new ReferenceModelOptions { IdentityComponents = 0 }, new TestPluginContext()));
        Assert.Throws<PluginInputException>(() => new ReferenceModelPlugin().Initialize(new ReferenceModelOptions { ExpressionComponents = 7 }, new TestPluginContext()));
    }

    [Fact]
    public void Plugins_carry_their_metadata()
    {
        var sfm = (PluginAttribute)Attribute.GetCustomAttribute(typeof(SfmModelPlugin), typeof(PluginAttribute))!;
        var reference = (PluginAttribute)Attribute.GetCustomAttribute(typeof(ReferenceModelPlugin), typeof(PluginAttribute))!;
        Assert.Equal(("model.sfm", PluginKind.Component), (sfm.Id, sfm.Kind));
        Assert.Equal(("model.reference", PluginKind.Component), (reference.Id, reference.Kind));
    }
}
