using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Dataset.Rendered;
using Facebench.Plugins.Fit.Landmarks;
using Facebench.Plugins.Fit.Photometric;
using Facebench.Plugins.Models;
using Facebench.Plugins.Texture.Models;
using Facebench.Testing;

namespace Facebench.Photometric.Tests;

/// <summary>The embedded defaults wired as a pipeline would wire them: model.reference, texture.procedural, dataset.rendered, fit.landmarks, fit.photometric.</summary>
internal static class PluginScene
{
    public static TestPluginContext Context(int seed = 11)
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

    public static List<Sample> Rendered(TestPluginContext context, int count, Action<RenderedDatasetOptions>? configure = null)
    {
        var options = new RenderedDatasetOptions { Model = "model", Texture = "texture", Count = count };
        configure?.Invoke(options);
        var source = new RenderedDatasetPlugin();
        source.Initialize(options, context);
        return [.. source.Read(CancellationToken.None)];
    }

    public static FitLandmarksStage LandmarkStage(TestPluginContext context, string facet = "landmark_fit.landmarks_only")
    {
        var stage = new FitLandmarksStage();
        stage.Initialize(new FitLandmarksOptions { Model = "model", Contours = false, Facet = facet }, context);
        return stage;
    }

    public static FitPhotometricStage PhotometricStage(TestPluginContext context, Action<FitPhotometricOptions>? configure = null)
    {
        var options = new FitPhotometricOptions { Model = "model", Texture = "texture", LandmarkFit = "landmark_fit.landmarks_only", Contours = false, FitFacet = "landmark_fit" };
        configure?.Invoke(options);
        var stage = new FitPhotometricStage();
        stage.Initialize(options, context);
        return stage;
    }

    public static IMorphableModel Model(TestPluginContext context) => context.GetComponent<IMorphableModel>("model");

    public static ITextureModel Texture(TestPluginContext context) => context.GetComponent<ITextureModel>("texture");
}
